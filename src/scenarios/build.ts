/**
 * Turns one schema-valid file into a ScenarioDefinition (steps with their kind, spec and the
 * file position of every spec node) and collects the `${{ }}` references it makes, each with
 * its exact position, for the cross-file checks in references.ts.
 */
import type { ScenarioDefinition, Severity, StepDefinition } from '../model.js';
import { STEP_BASE_PROPERTIES, checkKinds } from '../checks/index.js';
import { findReferences, parseReference, walkStrings, withFallbacks, type Reference } from './interpolation.js';
import { problemAt, type ScenarioProblem } from './problems.js';
import type { PathSegment, Position, YamlSource } from './yaml-source.js';

export interface LocatedReference {
  stepIndex: number;
  reference: Reference;
  position: Position;
}

export interface BuiltScenario {
  definition: ScenarioDefinition;
  source: YamlSource;
  references: LocatedReference[];
}

export type RawStep = Record<string, unknown> & { id: string; name?: string; timeoutMs?: number };
type RawScenario = { name: string; area: string; severity: Severity; description?: string; tags?: string[]; requires?: string[]; isolated?: boolean; steps: RawStep[] };

function toStep(raw: RawStep, at: PathSegment[], source: YamlSource): StepDefinition {
  const kind = Object.keys(raw).find((k) => checkKinds.has(k))!;
  const spec = Object.fromEntries(Object.entries(raw).filter(([k]) => !Object.hasOwn(STEP_BASE_PROPERTIES, k)));
  return {
    id: raw.id,
    kind,
    ...(raw.name !== undefined ? { name: raw.name } : {}),
    ...(raw.timeoutMs !== undefined ? { timeoutMs: raw.timeoutMs } : {}),
    spec,
    location: source.location(at),
    locations: source.locationsUnder(at),
  };
}

/** Paths of mapping keys that contain `${{` (references are resolved in values, not keys). */
function keysWithReferences(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => keysWithReferences(item, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [...(key.includes('${{') ? [[...path, key]] : []), ...keysWithReferences(inner, [...path, key])]);
}

/** Builds steps found at `paths` (flat order); problems are duplicate ids and unreadable references. */
export function buildSteps(source: YamlSource, entries: Array<{ path: PathSegment[]; raw: RawStep }>): { steps: StepDefinition[]; references: LocatedReference[]; problems: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const references: LocatedReference[] = [];
  const seen = new Map<string, PathSegment[]>();
  entries.forEach(({ path: at, raw: step }, i) => {
    const earlier = seen.get(step.id);
    if (earlier !== undefined) {
      problems.push(problemAt(source.file, source.position([...at, 'id']), `step id "${step.id}" is already used by step ${entries.findIndex((e) => e.path === earlier) + 1} (line ${source.position(earlier).line})`, 'an id unique in the scenario'));
    } else seen.set(step.id, at);
    for (const path of keysWithReferences(step)) {
      problems.push(problemAt(source.file, source.position([...at, ...path], { key: true }), `a reference in the key "${path.at(-1)}" is never resolved`, 'references in values only'));
    }
    for (const { text, path } of walkStrings(step)) {
      if (Object.hasOwn(STEP_BASE_PROPERTIES, String(path[0]))) continue;
      references.push(...locateReferences(source, text, [...at, ...path], i, problems));
    }
  });
  return { steps: entries.map(({ path, raw }) => toStep(raw, path, source)), references, problems };
}

/** The references in one string at `path`, as if read by the step at flat index `stepIndex`; bad ones go to `problems`. */
export function locateReferences(source: YamlSource, text: string, path: PathSegment[], stepIndex: number, problems: ScenarioProblem[]): LocatedReference[] {
  const out: LocatedReference[] = [];
  for (const found of findReferences(text)) {
    const position = source.positionInString(path, found.index);
    const parsed = parseReference(found.expression);
    if ('error' in parsed) problems.push(problemAt(source.file, position, parsed.error, parsed.expected));
    else for (const reference of withFallbacks(parsed.reference)) out.push({ stepIndex, reference, position });
  }
  return out;
}

/** Builds the definition; problems are duplicate step ids and unreadable references. */
export function buildScenario(source: YamlSource, fileSha256: string): { built: BuiltScenario; problems: ScenarioProblem[] } {
  const raw = source.data as RawScenario;
  const { steps, references, problems } = buildSteps(source, raw.steps.map((step, i) => ({ path: ['steps', i], raw: step })));
  const definition: ScenarioDefinition = {
    name: raw.name,
    area: raw.area,
    severity: raw.severity,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    tags: raw.tags ?? [],
    requires: raw.requires ?? [],
    ...(raw.isolated ? { isolated: true } : {}),
    steps,
    file: source.file,
    fileSha256,
    location: { file: source.file, ...source.position(['name'], { key: true }) },
  };
  return { built: { definition, source, references }, problems };
}
