/**
 * `${{ ... }}` references in scenario values: parsing (used by the loader to reject unknown
 * references before anything runs) and resolution (used by the runner). A value that is exactly
 * one reference keeps the referenced value's type; a reference inside text is stringified.
 *
 * Roots: `steps.<id>.<capture>[.<field>...]`, `scenarios.<name>.<step>.<capture>[...]`,
 * `env.<NAME>`, `run.<variable>` (see RUN_VARIABLES) and `targets[<i>]`, the i-th target base
 * URL (`reos verify --target A --target B`: targets[0] is A; a scenario reading targets[1] or
 * later must `require: [replicas]`, so it is reported as not run with a single target).
 *
 * An environment reference may name a default after `||`: a quoted literal or another
 * reference, used when the variable is unset or empty. This is how a scenario is parameterised
 * (a path, a credential) and still runs as is against the bundled API.
 *
 * @example
 * '${{ env.NAME || '/v1' }}/items'   // "/v1/items" unless NAME is set
 * '${{ env.NAME || run.email }}'      // a fresh address unless NAME is set
 */

export const RUN_VARIABLES: Record<string, string> = {
  id: 'the run id',
  scenario: 'the running scenario’s name',
  unique: 'a string unique to this scenario in this run (for names, emails)',
  email: 'an email address unique to this scenario in this run',
  uuid: 'a random UUID, one per scenario run',
  timestamp: 'ISO time the scenario started',
  epoch: 'milliseconds since 1970 when the scenario started',
  base_url: 'the first target base URL',
  mail_url: 'the mail catcher’s HTTP API (MailHog-compatible): --mail-url of reos demo, else REOS_MAIL_URL, else http://localhost:8025',
};

/** What an environment reference falls back to when the variable is unset or empty. */
export type Fallback = { literal: string } | { reference: Reference };

export type Reference =
  | { root: 'steps'; step: string; capture: string; path: string[]; text: string }
  | { root: 'scenarios'; scenario: string; step: string; capture: string; path: string[]; text: string }
  | { root: 'env'; name: string; text: string; fallback?: Fallback }
  | { root: 'run'; name: string; text: string }
  | { root: 'targets'; index: number; text: string };

export interface FoundReference {
  /** The expression between the braces, trimmed. */
  expression: string;
  /** Offset of `${{` in the string. */
  index: number;
}

const TOKEN = /\$\{\{\s*(.*?)\s*\}\}/g;
const WHOLE = /^\$\{\{\s*(.*?)\s*\}\}$/;
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const TARGET = /^targets\[(\d{1,3})\]$/;
/** `<reference> || <default>`: the split at the first `||`. */
const WITH_DEFAULT = /^(.*?)\s*\|\|\s*(.*)$/s;
const QUOTED = /^'([^']*)'$|^"([^"]*)"$/;

export function findReferences(text: string): FoundReference[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ expression: m[1], index: m.index ?? 0 }));
}

type Parsed = { reference: Reference } | { error: string; expected: string };

/** `env.NAME || 'literal'` or `env.NAME || <reference>` (which may have its own default). */
function parseWithDefault(expression: string, left: string, right: string): Parsed {
  const expected = "env.NAME || 'default', or env.NAME || <another reference>";
  const head = parseReference(left);
  if ('error' in head) return head;
  if (head.reference.root !== 'env') return { error: `only an environment reference can have a default: \${{ ${expression} }}`, expected };
  const quoted = QUOTED.exec(right);
  if (quoted) return { reference: { ...head.reference, text: expression, fallback: { literal: quoted[1] ?? quoted[2] } } };
  if (right === '') return { error: `\${{ ${expression} }} has no default after ||`, expected };
  const tail = parseReference(right);
  if ('error' in tail) return { error: `the default of \${{ ${expression} }} is neither a quoted text nor a reference (${tail.error})`, expected };
  return { reference: { ...head.reference, text: expression, fallback: { reference: tail.reference } } };
}

/** Parses one expression, or says what is wrong with it. */
export function parseReference(expression: string): Parsed {
  const withDefault = WITH_DEFAULT.exec(expression);
  if (withDefault) return parseWithDefault(expression, withDefault[1], withDefault[2]);
  const target = TARGET.exec(expression);
  if (target) return { reference: { root: 'targets', index: Number(target[1]), text: expression } };
  if (expression.startsWith('targets')) return { error: `cannot read the reference \${{ ${expression} }}`, expected: 'targets[<index>], e.g. targets[0] for the first --target' };
  const parts = expression.split('.');
  if (parts.some((p) => !SEGMENT.test(p))) {
    return { error: `cannot read the reference \${{ ${expression} }}`, expected: 'dot-separated names such as steps.login.token' };
  }
  const [root, ...rest] = parts;
  switch (root) {
    case 'steps':
      if (rest.length < 2) return { error: `\${{ ${expression} }} names no capture`, expected: 'steps.<id>.<capture>' };
      return { reference: { root, step: rest[0], capture: rest[1], path: rest.slice(2), text: expression } };
    case 'scenarios':
      if (rest.length < 3) return { error: `\${{ ${expression} }} is incomplete`, expected: 'scenarios.<name>.<step>.<capture>' };
      return { reference: { root, scenario: rest[0], step: rest[1], capture: rest[2], path: rest.slice(3), text: expression } };
    case 'env':
      if (rest.length !== 1) return { error: `\${{ ${expression} }} is not an environment variable`, expected: 'env.NAME' };
      return { reference: { root, name: rest[0], text: expression } };
    case 'run':
      if (rest.length !== 1 || !Object.hasOwn(RUN_VARIABLES, rest[0])) {
        return { error: `unknown run variable ${expression}`, expected: `one of ${Object.keys(RUN_VARIABLES).map((v) => `run.${v}`).join(', ')}` };
      }
      return { reference: { root, name: rest[0], text: expression } };
    default:
      return { error: `unknown reference root "${root}" in \${{ ${expression} }}`, expected: 'steps., scenarios., env., run. or targets[<i>]' };
  }
}

/** Every string in a value tree with its path: the loader and the runner both scan specs this way. */
export function* walkStrings(value: unknown, path: (string | number)[] = []): Generator<{ text: string; path: (string | number)[] }> {
  if (typeof value === 'string') yield { text: value, path };
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* walkStrings(item, [...path, i]);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* walkStrings(v, [...path, k]);
}

/** A reference and, after it, every reference its defaults read (a step's default is still a dependency). */
export function withFallbacks(reference: Reference): Reference[] {
  const out = [reference];
  for (let r: Reference = reference; r.root === 'env' && r.fallback && 'reference' in r.fallback; ) {
    r = r.fallback.reference;
    out.push(r);
  }
  return out;
}

/** The references a spec makes (only the parseable ones; the loader reported the others). */
export function referencesIn(value: unknown): Reference[] {
  const out: Reference[] = [];
  for (const { text } of walkStrings(value)) {
    for (const found of findReferences(text)) {
      const parsed = parseReference(found.expression);
      if ('reference' in parsed) out.push(...withFallbacks(parsed.reference));
    }
  }
  return out;
}

export class InterpolationError extends Error {
  override name = 'InterpolationError';
}

export interface InterpolationScope {
  steps: ReadonlyMap<string, Record<string, unknown>>;
  scenarios: ReadonlyMap<string, ReadonlyMap<string, Record<string, unknown>>>;
  env: Record<string, string | undefined>;
  run: Record<string, unknown>;
  /** The run's target base URLs, for `targets[<i>]`. */
  targets?: readonly string[];
}

function dig(value: unknown, path: string[], text: string): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      throw new InterpolationError(`\${{ ${text} }} has no value: there is nothing at "${key}"`);
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function capturesOf(steps: ReadonlyMap<string, Record<string, unknown>> | undefined, step: string, text: string): Record<string, unknown> {
  const captures = steps?.get(step);
  if (!captures) throw new InterpolationError(`\${{ ${text} }} has no value: step ${step} has not run`);
  return captures;
}

export function resolveReference(reference: Reference, scope: InterpolationScope): unknown {
  switch (reference.root) {
    case 'env': {
      const value = scope.env[reference.name];
      if ((value === undefined || value === '') && reference.fallback) {
        return 'literal' in reference.fallback ? reference.fallback.literal : resolveReference(reference.fallback.reference, scope);
      }
      if (value === undefined) throw new InterpolationError(`environment variable ${reference.name} is not set (the step reads \${{ env.${reference.name} }})`);
      return value;
    }
    case 'run':
      return scope.run[reference.name];
    case 'targets': {
      const targets = scope.targets ?? [];
      if (reference.index >= targets.length) {
        throw new InterpolationError(`\${{ ${reference.text} }} has no value: the run has ${targets.length} target(s); pass at least ${reference.index + 1} --target URLs`);
      }
      return targets[reference.index];
    }
    case 'steps': {
      const captures = capturesOf(scope.steps, reference.step, reference.text);
      return dig(captures, [reference.capture, ...reference.path], reference.text);
    }
    case 'scenarios': {
      const captures = capturesOf(scope.scenarios.get(reference.scenario), reference.step, reference.text);
      return dig(captures, [reference.capture, ...reference.path], reference.text);
    }
  }
}

function evaluate(expression: string, scope: InterpolationScope): unknown {
  const parsed = parseReference(expression);
  if ('error' in parsed) throw new InterpolationError(`${parsed.error}, expected ${parsed.expected}`);
  return resolveReference(parsed.reference, scope);
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

/** Returns a copy of `value` with every reference resolved; throws InterpolationError. */
export function interpolate<T>(value: T, scope: InterpolationScope): T {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole && findReferences(value).length === 1) return evaluate(whole[1], scope) as T;
    if (!value.includes('${{')) return value;
    return value.replace(TOKEN, (_match, expression: string) => stringify(evaluate(expression, scope))) as T;
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, scope)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, scope)])) as T;
  }
  return value;
}
