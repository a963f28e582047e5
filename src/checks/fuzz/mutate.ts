/**
 * The ways a malformed fuzz request breaks one thing of a valid draw, which of them apply to an
 * operation, and what each breaks (`violates`: the documented rule a conforming API enforces,
 * so a 2xx to it is a failure). Hostile values the schema still accepts violate nothing.
 */
import { validateAgainst } from '../support/json-schema.js';
import type { FuzzOperation, FuzzParameter } from './operations.js';
import { badAuthorizations, BAD_IDS, deepNesting, HOSTILE_STRINGS, wrongTypeValue } from './hostile.js';
import { resolveSchema, typesOf, type JsonSchema } from './schema-arbitrary.js';
import type { GeneratedRequest, GenerationContext } from './generate.js';

export const MUTATIONS = ['wrong-type', 'missing-required', 'huge-string', 'deep-nesting', 'hostile-string', 'extra-members', 'not-json', 'empty-body', 'wrong-content-type', 'no-content-type', 'bad-authorization', 'no-authorization', 'bad-path-id', 'bad-query', 'missing-query', 'extra-query', 'bad-if-match'] as const;
export type Mutation = (typeof MUTATIONS)[number];

export function applicableMutations(op: FuzzOperation): Mutation[] {
  const jsonBody = op.body?.media.includes('json');
  const objectBody = jsonBody && typesOf(op.body!.schema).includes('object');
  const has = (where: FuzzParameter['in']) => op.parameters.some((p) => p.in === where);
  return MUTATIONS.filter((m) => {
    switch (m) {
      case 'wrong-type': case 'not-json': case 'empty-body': case 'deep-nesting': case 'hostile-string': case 'huge-string':
        return jsonBody;
      case 'missing-required': case 'extra-members':
        return objectBody;
      case 'wrong-content-type': case 'no-content-type':
        return Boolean(op.body);
      case 'bad-authorization':
        return true;
      case 'no-authorization':
        return op.secured;
      case 'bad-path-id':
        return has('path');
      case 'bad-query': case 'extra-query':
        return true;
      case 'missing-query':
        return op.parameters.some((p) => p.in === 'query' && p.required);
      case 'bad-if-match':
        return op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
    }
  });
}

export interface Draft {
  params: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body: unknown;
  /** Body text that is not `JSON.stringify(body)` (invalid JSON, deep nesting). */
  rawBody?: string;
  contentType?: string | null;
  auth: GeneratedRequest['auth'];
  violates?: string;
}

/** Breaks one thing of `draft` (in place); `pick` chooses among the ways. */
export function mutate(op: FuzzOperation, draft: Draft, mutation: Mutation, pick: number, ctx: GenerationContext): void {
  const schema = op.body?.schema ?? {};
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const names = Object.keys(props);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const setMember = (value: unknown) => {
    if (typesOf(schema).includes('object') && names.length) draft.body = { ...(draft.body as object), [names[pick % names.length]]: value };
    else draft.body = value;
  };
  const stringMember = names.find((n, i) => i >= pick % Math.max(names.length, 1) && typesOf(resolveSchema(props[n], ctx.doc)).includes('string')) ?? names.find((n) => typesOf(resolveSchema(props[n], ctx.doc)).includes('string'));
  switch (mutation) {
    case 'wrong-type': {
      if (!names.length) draft.body = wrongTypeValue(typesOf(schema), pick);
      else {
        const name = names[pick % names.length];
        draft.body = { ...(draft.body as object), [name]: wrongTypeValue(typesOf(resolveSchema(props[name], ctx.doc)), pick >> 3) };
      }
      break;
    }
    case 'missing-required': {
      const body = { ...(draft.body as Record<string, unknown>) };
      if (required.length) delete body[required[pick % required.length]];
      else for (const key of Object.keys(body)) delete body[key];
      draft.body = body;
      break;
    }
    case 'huge-string':
      if (stringMember) draft.body = { ...(draft.body as object), [stringMember]: 'A'.repeat(100_000) };
      else setMember('A'.repeat(100_000));
      break;
    case 'hostile-string':
      if (stringMember) draft.body = { ...(draft.body as object), [stringMember]: HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length] };
      else setMember(HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length]);
      break;
    case 'deep-nesting': {
      const depth = [64, 1_000, 20_000][pick % 3];
      const kind = pick % 2 ? 'array' : 'object';
      setMember('__REOS_DEEP__');
      draft.rawBody = JSON.stringify(draft.body).replace('"__REOS_DEEP__"', kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
      setMember(deepNesting(3, kind));
      break;
    }
    case 'extra-members':
      draft.body = { ...(draft.body as object), ['__proto__']: { admin: true }, constructor: { prototype: 1 }, role: 'admin', team_id: '00000000-0000-0000-0000-000000000000', ['x'.repeat(300)]: HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length] };
      break;
    case 'not-json':
      draft.rawBody = ['{', '{"a":', "{'single': 'quotes'}", '[1,2', 'undefined', 'NaN', '\u0000', '{"a":1}trailing', '\uFEFF{}'][pick % 9];
      draft.violates = 'the body is not JSON';
      break;
    case 'empty-body':
      draft.rawBody = '';
      if (op.body?.required) draft.violates = 'the required body is empty';
      break;
    case 'wrong-content-type':
      draft.contentType = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json'][pick % 6];
      if (draft.contentType.split(';')[0] === op.body?.media.split(';')[0]) draft.contentType = 'text/plain';
      draft.violates = `Content-Type ${draft.contentType} is not ${op.body?.media}`;
      break;
    case 'no-content-type':
      draft.contentType = null;
      draft.violates = 'no Content-Type on a body';
      break;
    case 'bad-authorization': {
      const values = badAuthorizations(ctx.bearer);
      draft.headers.Authorization = values[pick % values.length];
      draft.auth = 'bad';
      if (op.secured) draft.violates = 'an Authorization header that authenticates nobody';
      break;
    }
    case 'no-authorization':
      draft.auth = 'none';
      draft.violates = 'no credentials on a secured operation';
      break;
    case 'bad-path-id': {
      const names = Object.keys(draft.params);
      draft.params[names[pick % names.length]] = BAD_IDS[(pick >> 2) % BAD_IDS.length];
      draft.violates = 'a path id no resource can have';
      break;
    }
    case 'bad-query': {
      const query = op.parameters.filter((p) => p.in === 'query');
      if (!query.length) {
        draft.query.push(['limit', HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length]]);
        break;
      }
      const param = query[pick % query.length];
      const types = typesOf(param.schema);
      const value = [types.some((t) => t === 'integer' || t === 'number') ? 'abc' : 'x'.repeat(5000), '-1', '1e309', '99999999999999999999', HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length], '', '[object Object]'][(pick >> 3) % 7];
      draft.query = draft.query.filter(([k]) => k !== param.name);
      draft.query.push([param.name, value]);
      // An empty value of an optional parameter reads as "not given" to most servers.
      if (!(value === '' && !param.required) && !queryValueValid(param.schema, value, ctx.doc)) draft.violates = `query ${param.name}=${JSON.stringify(value.slice(0, 40))} breaks its schema`;
      break;
    }
    case 'missing-query': {
      const param = op.parameters.filter((p) => p.in === 'query' && p.required)[pick % op.parameters.filter((p) => p.in === 'query' && p.required).length];
      draft.query = draft.query.filter(([k]) => k !== param.name);
      draft.violates = `the required query parameter ${param.name} is missing`;
      break;
    }
    case 'extra-query':
      draft.query.push([['__proto__', 'constructor', 'limit[]', 'offset', 'q'][pick % 5], HOSTILE_STRINGS[pick % HOSTILE_STRINGS.length]]);
      break;
    case 'bad-if-match':
      draft.headers['If-Match'] = ['"nope"', 'W/"weak"', 'no-such-etag', '""'][pick % 4];
      draft.violates = 'an If-Match no current representation has';
      break;
  }
}

/** A query value as a server reads it (a numeric or boolean string counts as that type). */
function queryValueValid(schema: JsonSchema, value: string, doc: unknown): boolean {
  const resolved = resolveSchema(schema, doc);
  const types = typesOf(resolved);
  const candidates: unknown[] = [value];
  if (types.some((t) => t === 'integer' || t === 'number') && value.trim() !== '' && !Number.isNaN(Number(value))) candidates.push(Number(value));
  if (types.includes('boolean') && (value === 'true' || value === 'false')) candidates.push(value === 'true');
  return candidates.some((c) => validateAgainst(resolved, c).valid);
}
