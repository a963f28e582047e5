/**
 * The JSONPath subset scenarios use (RFC 9535 syntax): `$`, `.name`, `['name']`, `[0]`, `[-1]`,
 * `[*]` / `.*`, `..name` (descendants) and filters `[?(@.a.b == 'x')]` with ==, !=, <, <=, >, >=
 * or a bare `@.a` (exists). A path without wildcard, descendant or filter is *definite*: it
 * selects at most one value, which assertions compare directly; any other path selects a list.
 *
 * @example
 * queryJsonPath({ items: [{ id: 1 }, { id: 2 }] }, '$.items[*].id') // { definite: false, values: [1, 2] }
 */

type Segment =
  | { type: 'name'; name: string }
  | { type: 'index'; index: number }
  | { type: 'wildcard' }
  | { type: 'descendant'; name: string | null }
  | { type: 'filter'; path: string[]; op?: string; value?: unknown };

export interface JsonPathResult {
  definite: boolean;
  values: unknown[];
}

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

const NAME = /^[A-Za-z_$][\w$-]*/;
const FILTER = /^\?\(?\s*@((?:\.[A-Za-z_$][\w$-]*)*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)?$/;

function parseLiteral(text: string, path: string): unknown {
  const quoted = /^'(.*)'$/.exec(text) ?? /^"(.*)"$/.exec(text);
  if (quoted) return quoted[1];
  if (text === 'true' || text === 'false' || text === 'null') return JSON.parse(text);
  const n = Number(text);
  if (text !== '' && !Number.isNaN(n)) return n;
  throw new JsonPathError(`cannot read the literal ${text} in ${path}; quote strings with '...'`);
}

/** Splits `[...]` content, honouring quotes so `['a]b']` works. */
function readBracket(path: string, start: number): { content: string; end: number } {
  let quote: string | null = null;
  for (let i = start + 1; i < path.length; i++) {
    const ch = path[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ']') return { content: path.slice(start + 1, i).trim(), end: i + 1 };
  }
  throw new JsonPathError(`unclosed [ in ${path}`);
}

function bracketSegment(content: string, path: string): Segment {
  if (content === '*') return { type: 'wildcard' };
  if (/^-?\d+$/.test(content)) return { type: 'index', index: Number(content) };
  const quoted = /^'(.*)'$/.exec(content) ?? /^"(.*)"$/.exec(content);
  if (quoted) return { type: 'name', name: quoted[1] };
  const filter = FILTER.exec(content);
  if (filter) {
    const fields = filter[1] ? filter[1].slice(1).split('.') : [];
    return { type: 'filter', path: fields, op: filter[2], value: filter[3] === undefined ? undefined : parseLiteral(filter[3], path) };
  }
  throw new JsonPathError(`cannot read [${content}] in ${path}`);
}

export function parseJsonPath(path: string): Segment[] {
  if (!path.startsWith('$')) throw new JsonPathError(`a JSONPath starts with $, got ${path}`);
  const segments: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    if (path.startsWith('..', i)) {
      i += 2;
      if (path[i] === '*') {
        segments.push({ type: 'descendant', name: null });
        i += 1;
        continue;
      }
      const name = NAME.exec(path.slice(i));
      if (!name) throw new JsonPathError(`expected a name after .. in ${path}`);
      segments.push({ type: 'descendant', name: name[0] });
      i += name[0].length;
    } else if (path[i] === '.') {
      i += 1;
      if (path[i] === '*') {
        segments.push({ type: 'wildcard' });
        i += 1;
        continue;
      }
      const name = NAME.exec(path.slice(i));
      if (!name) throw new JsonPathError(`expected a name after . at position ${i} in ${path}`);
      segments.push({ type: 'name', name: name[0] });
      i += name[0].length;
    } else if (path[i] === '[') {
      const { content, end } = readBracket(path, i);
      segments.push(bracketSegment(content, path));
      i = end;
    } else {
      throw new JsonPathError(`unexpected "${path[i]}" at position ${i} in ${path}`);
    }
  }
  return segments;
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}

function descendants(value: unknown): unknown[] {
  const out: unknown[] = [value];
  for (const child of children(value)) out.push(...descendants(child));
  return out;
}

function field(value: unknown, name: string): unknown[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, name)) {
    return [(value as Record<string, unknown>)[name]];
  }
  return [];
}

function compare(left: unknown, op: string, right: unknown): boolean {
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return typeof left === typeof right && (left as number) < (right as number);
    case '<=':
      return typeof left === typeof right && (left as number) <= (right as number);
    case '>':
      return typeof left === typeof right && (left as number) > (right as number);
    default:
      return typeof left === typeof right && (left as number) >= (right as number);
  }
}

function passesFilter(item: unknown, segment: Extract<Segment, { type: 'filter' }>): boolean {
  let current: unknown[] = [item];
  for (const name of segment.path) current = current.flatMap((v) => field(v, name));
  if (current.length === 0) return false;
  if (!segment.op) return true;
  return compare(current[0], segment.op, segment.value);
}

function step(values: unknown[], segment: Segment): unknown[] {
  switch (segment.type) {
    case 'name':
      return values.flatMap((v) => field(v, segment.name));
    case 'index':
      return values.flatMap((v) => {
        if (!Array.isArray(v)) return [];
        const i = segment.index < 0 ? v.length + segment.index : segment.index;
        return i >= 0 && i < v.length ? [v[i]] : [];
      });
    case 'wildcard':
      return values.flatMap(children);
    case 'descendant':
      return values.flatMap(descendants).flatMap((v) => (segment.name === null ? children(v) : field(v, segment.name!)));
    case 'filter':
      return values.flatMap(children).filter((item) => passesFilter(item, segment));
  }
}

/** Runs `path` against `document`; throws JsonPathError when the path cannot be read. */
export function queryJsonPath(document: unknown, path: string): JsonPathResult {
  const segments = parseJsonPath(path);
  let values: unknown[] = [document];
  for (const segment of segments) values = step(values, segment);
  const definite = segments.every((s) => s.type === 'name' || s.type === 'index');
  return { definite, values };
}

/** The value a definite path selects (undefined when absent), or the list an indefinite one does. */
export function selectJsonPath(document: unknown, path: string): unknown {
  const result = queryJsonPath(document, path);
  return result.definite ? result.values[0] : result.values;
}
