/**
 * Schema validation of one parsed scenario file with Ajv, and the translation of Ajv's errors
 * into `file:line:column: what is wrong, expected what`. Ajv reports every failing branch of an
 * anyOf; the branch whose type matched the value is the one worth reporting, so the others
 * are dropped. A step's kind is checked first, by name, so an unknown kind lists the known ones.
 */
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { checkKinds, kindOwnedProperties, scenarioJsonSchema, STEP_BASE_PROPERTIES } from '../checks/index.js';
import path from 'node:path';
import { compiledValidator, writeShippedValidator } from './compiled-validator.js';
import { packageRoot } from './files.js';
import { problemAt, type ScenarioProblem } from './problems.js';
import { pointerToPath, type PathSegment, type YamlSource } from './yaml-source.js';

const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true };
let compiled: ValidateFunction | undefined;

/** Where `npm run build` puts the scenario schema's precompiled validator. */
export function shippedValidatorDir(root = packageRoot()): string {
  return path.join(root, 'dist', 'scenario-validator');
}

function validator(): ValidateFunction {
  compiled ??= compiledValidator(scenarioJsonSchema(), AJV_OPTIONS, undefined, shippedValidatorDir());
  return compiled;
}

/** Precompiles the scenario validator into the package (run by `npm run build`); returns the file. */
export function writeScenarioValidator(dir = shippedValidatorDir()): string {
  return writeShippedValidator(scenarioJsonSchema(), AJV_OPTIONS, dir);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function label(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the scenario';
  return path
    .map((p, i) => {
      const text = String(p);
      if (/^\d+$/.test(text)) return `[${text}]`;
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(text)) return `[${JSON.stringify(text)}]`;
      return i === 0 ? text : `.${text}`;
    })
    .join('');
}

function preview(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a mapping';
  return `${typeof value} ${preview(value)}`;
}

/** Where each step of a document sits: `steps[i]` in a scenario, `sections[i].steps[j]` in a show. */
export interface StepEntry {
  path: PathSegment[];
  value: unknown;
}

/** The steps under `steps` of a scenario document. */
export function scenarioSteps(data: unknown): StepEntry[] {
  const steps = isObject(data) && Array.isArray(data.steps) ? data.steps : [];
  return steps.map((value, i) => ({ path: ['steps', i], value }));
}

const pointerOf = (path: readonly PathSegment[]) => path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

/** Checks each step names exactly one known kind; returns problems and the steps (as pointers) to skip. */
function stepKindProblems(steps: StepEntry[], source: YamlSource): { problems: ScenarioProblem[]; flagged: Set<string> } {
  const problems: ScenarioProblem[] = [];
  const flagged = new Set<string>();
  const known = [...checkKinds.keys()];
  const owned = kindOwnedProperties();
  steps.forEach(({ path, value: step }) => {
    if (!isObject(step)) return;
    const i = Number(path.at(-1));
    const name = typeof step.id === 'string' ? `step "${step.id}"` : `step ${i + 1}`;
    const kinds = Object.keys(step).filter((k) => checkKinds.has(k));
    if (kinds.length === 1) return;
    flagged.add(pointerOf(path));
    if (kinds.length > 1) {
      problems.push(problemAt(source.file, source.keyPosition(path, kinds[1]), `${name} has more than one kind (${kinds.join(', ')})`, `exactly one of: ${known.join(', ')}`));
      return;
    }
    const unknown = Object.keys(step).find((k) => !Object.hasOwn(STEP_BASE_PROPERTIES, k) && !owned.has(k));
    if (unknown) problems.push(problemAt(source.file, source.keyPosition(path, unknown), `unknown step kind "${unknown}" in ${name}`, `one of the known kinds: ${known.join(', ')}`));
    else problems.push(problemAt(source.file, source.position(path), `${name} has no kind`, `one of: ${known.join(', ')}`));
  });
  return { problems, flagged };
}

const startsWithin = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);

/** What the union an error was chosen from expects (its description reads better than a branch's). */
const unionExpectation = new WeakMap<ErrorObject, string>();

/** Keeps, for each anyOf/oneOf failure, only the errors of the branch whose type fits the value. */
function pruneBranches(errors: ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').sort((a, b) => a.instancePath.length - b.instancePath.length);
  for (const union of unions) {
    if (!kept.includes(union)) continue;
    const inBranch = (e: ErrorObject) => e !== union && e.schemaPath.startsWith(`${union.schemaPath}/`) && startsWithin(e.instancePath, union.instancePath);
    const branchErrors = kept.filter(inBranch);
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of branchErrors) {
      const branch = e.schemaPath.slice(union.schemaPath.length + 1).split('/')[0];
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const fitting = [...byBranch.values()].filter((es) => !es.some((e) => e.keyword === 'type' && e.instancePath === union.instancePath));
    const best = fitting.sort((a, b) => a.length - b.length)[0];
    kept = kept.filter((e) => !inBranch(e) || best?.includes(e));
    // No branch fits, but the value already has the wrong type: that one message says it all.
    const wrongType = kept.some((e) => e.keyword === 'type' && e.instancePath === union.instancePath);
    if (best || wrongType) kept = kept.filter((e) => e !== union);
    const description = describeExpected(union.parentSchema);
    for (const e of best ?? []) if (description && e.instancePath === union.instancePath) unionExpectation.set(e, description);
  }
  return kept;
}

function describeExpected(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  if (typeof schema.description === 'string') return schema.description;
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.join(', ')}`;
  if (schema.type) return `a ${[schema.type].flat().join(' or ')}`;
  return undefined;
}

/** "at least 1 item", ">= 1", ... for the limit keywords; Ajv's own words otherwise. */
function limitText(e: ErrorObject): string {
  const limit = (e.params as { limit?: number }).limit;
  const plural = (n: number | undefined, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  switch (e.keyword) {
    case 'minItems':
      return `at least ${plural(limit, 'item')}`;
    case 'maxItems':
      return `at most ${plural(limit, 'item')}`;
    case 'minLength':
      return `at least ${plural(limit, 'character')}`;
    case 'minProperties':
      return `at least ${plural(limit, 'property')}`.replace('propertys', 'properties');
    case 'uniqueItems':
      return 'no duplicate items';
    default:
      return (e.message ?? 'a valid value').replace(/^must (be )?/, '').replace(/^NOT /, 'not ');
  }
}

function toProblem(e: ErrorObject, source: YamlSource, rootExpected: string): ScenarioProblem | undefined {
  const path = pointerToPath(e.instancePath);
  const at = source.position(path);
  const parent = isObject(e.parentSchema) ? e.parentSchema : {};
  const union = unionExpectation.get(e);
  const what = label(path);
  const params = e.params as Json;
  switch (e.keyword) {
    case 'if':
      return undefined;
    case 'required': {
      const missing = String(params.missingProperty);
      const property = isObject(parent.properties) ? parent.properties[missing] : undefined;
      const hint = describeExpected(property);
      return problemAt(source.file, at, `${what} is missing "${missing}"`, `a property "${missing}"${hint ? ` (${hint})` : ''}`);
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = isObject(parent.properties) ? Object.keys(parent.properties) : [];
      return problemAt(source.file, source.keyPosition(path, extra), `unknown property "${extra}" in ${what}`, allowed.length ? `one of: ${allowed.join(', ')}` : 'no other properties');
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return problemAt(source.file, source.keyPosition(path, name), `"${name}" is not a valid key in ${what}`, describeExpected(parent.propertyNames) ?? 'a valid key');
    }
    case 'type':
      if (path.length === 0) return problemAt(source.file, at, `the file holds ${typeName(e.data)}`, rootExpected);
      return problemAt(source.file, at, `${what} is ${typeName(e.data)}`, union ?? `${[e.schema as string | string[]].flat().map((t) => (t === 'object' ? 'mapping' : t === 'array' ? 'list' : t)).join(' or ')}${parent.description ? ` (${parent.description})` : ''}`);
    case 'enum':
    case 'const':
      return problemAt(source.file, at, `${what} is ${preview(e.data)}`, union ?? `one of: ${[e.schema].flat().join(', ')}`);
    case 'not':
      return problemAt(source.file, at, `${what} combines properties that exclude each other`, describeExpected(e.schema) ?? 'fewer properties');
    case 'anyOf':
    case 'oneOf':
      return problemAt(source.file, at, `${what} is ${typeName(e.data)}`, describeExpected(parent) ?? 'another form');
    case 'pattern':
      return problemAt(source.file, at, `${what} is ${preview(e.data)}`, union ?? (typeof parent.description === 'string' ? parent.description : `text matching /${String(e.schema)}/`));
    default:
      return problemAt(source.file, at, `${what} is ${preview(e.data)}`, union ?? limitText(e));
  }
}

/** Every schema problem of one parsed file (empty when it is a valid scenario). */
export function validateScenarioData(source: YamlSource): ScenarioProblem[] {
  return validateDocument(source, { validate: validator(), steps: scenarioSteps(source.data), rootExpected: 'a mapping with name, area, severity and steps' });
}

/**
 * Schema problems of any document whose steps are scenario steps (a scenario, a run-of-show),
 * validated by `validate` and reported as `file:line:column`.
 */
export function validateDocument(source: YamlSource, options: { validate: ValidateFunction; steps: StepEntry[]; rootExpected: string }): ScenarioProblem[] {
  const { problems, flagged } = stepKindProblems(options.steps, source);
  const { validate } = options;
  if (validate(source.data)) return problems;
  const inFlaggedStep = (e: ErrorObject) => [...flagged].some((pointer) => startsWithin(e.instancePath, pointer));
  // A problem with a property name is reported once, by the propertyNames error itself.
  const errors = pruneBranches((validate.errors ?? []).filter((e) => !inFlaggedStep(e) && !(e as { propertyName?: string }).propertyName));
  for (const error of errors) {
    const problem = toProblem(error, source, options.rootExpected);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** The Ajv options every reos document validator uses (so messages read the same). */
export const DOCUMENT_AJV_OPTIONS = AJV_OPTIONS;
