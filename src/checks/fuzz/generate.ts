/**
 * One fuzz request from (operation, class, seed): a valid one is drawn from the documented
 * schemas (path, query and header parameters, the request body) with fast-check; a malformed
 * one starts from a valid draw and breaks exactly one thing (a body member's type, a required
 * member, a huge or hostile string, deep nesting, the JSON itself, the Content-Type, the
 * Authorization header, a path id, a query parameter). The same inputs always give the same
 * request: `fc.sample` with the seed. `violates` says which documented rule the request breaks
 * (a conforming API must not answer it 2xx); hostile but schema-valid requests have none.
 */
import fc from 'fast-check';
import { validateAgainst } from '../support/json-schema.js';
import type { FuzzOperation, FuzzParameter } from './operations.js';
import { collectionOf } from './operations.js';
import { badAuthorizations, BAD_IDS, deepNesting, HOSTILE_STRINGS, TINY_PNG, wrongTypeValue } from './hostile.js';
import { resolveSchema, schemaArbitrary, typesOf, type JsonSchema } from './schema-arbitrary.js';
import type { RequestSchemas } from './request-schemas.js';

export type FuzzClass = 'valid' | 'malformed';
export const FUZZ_CLASSES: readonly FuzzClass[] = ['valid', 'malformed'];

export interface GeneratedRequest {
  operation: string;
  class: FuzzClass;
  seed: number;
  method: string;
  /** Path and query, percent-encoded, relative to the target. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The path parameters used (a replay can pin them). */
  params: Record<string, string>;
  /** `user` (the fuzz user's bearer), `none`, or `bad` (an Authorization that must fail). */
  auth: 'user' | 'none' | 'bad';
  mutation?: string;
  violates?: string;
}

export interface GenerationContext {
  doc: Record<string, unknown>;
  bearer?: string;
  schemas: RequestSchemas;
  /** Resources the run created, by collection path (for path parameters); empty for a replay. */
  created(collection: string): Array<Record<string, unknown>>;
  /** Path parameter values to use instead of drawing them (a replay's). */
  pinned?: Record<string, string>;
}

interface Plan {
  path: Record<string, unknown>;
  pick: number;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  anonymous: boolean;
}

const MUTATIONS = ['wrong-type', 'missing-required', 'huge-string', 'deep-nesting', 'hostile-string', 'extra-members', 'not-json', 'empty-body', 'wrong-content-type', 'no-content-type', 'bad-authorization', 'no-authorization', 'bad-path-id', 'bad-query', 'missing-query', 'extra-query', 'bad-if-match'] as const;
type Mutation = (typeof MUTATIONS)[number];

const planCache = new WeakMap<FuzzOperation, fc.Arbitrary<Plan>>();

function paramRecord(params: FuzzParameter[], doc: unknown, all: boolean): fc.Arbitrary<Record<string, unknown>> {
  const shape = Object.fromEntries(params.map((p) => [p.name, schemaArbitrary(p.schema, doc)]));
  return fc.record(shape, { requiredKeys: params.filter((p) => all || p.required).map((p) => p.name) });
}

function planArbitrary(op: FuzzOperation, doc: unknown): fc.Arbitrary<Plan> {
  let plan = planCache.get(op);
  if (!plan) {
    const of = (where: FuzzParameter['in']) => op.parameters.filter((p) => p.in === where);
    plan = fc.record({
      path: paramRecord(of('path'), doc, true),
      pick: fc.nat(),
      query: paramRecord(of('query'), doc, false),
      // Optional headers (If-Match, If-None-Match) would only turn valid writes into 412s.
      headers: paramRecord(of('header').filter((p) => p.required), doc, true),
      body: op.body ? schemaArbitrary(op.body.schema, doc) : fc.constant(undefined),
      anonymous: fc.nat(3).map((n) => n === 3),
    });
    planCache.set(op, plan);
  }
  return plan;
}

/** UTF-8 percent-encoding that survives lone surrogates (encodeURIComponent throws on them; Buffer makes them U+FFFD). */
export function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function scalarText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function pathParams(op: FuzzOperation, plan: Plan, ctx: GenerationContext): Record<string, string> {
  const params: Record<string, string> = {};
  for (const p of op.parameters.filter((q) => q.in === 'path')) {
    const created = ctx.created(collectionOf(op.path, p.name));
    const fromRun = created.length ? created[plan.pick % created.length] : undefined;
    const value = ctx.pinned?.[p.name] ?? scalarText(fromRun?.[p.name] ?? fromRun?.id ?? fromRun?.email) ?? scalarText(plan.path[p.name]) ?? 'x';
    params[p.name] = value;
  }
  return params;
}

function buildUrl(op: FuzzOperation, params: Record<string, string>, query: Array<[string, string]>): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeSegment(params[name] ?? ''));
  const search = query.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
  return search ? `${path}?${search}` : path;
}

function encodeBody(op: FuzzOperation, body: unknown, seed: number): { body?: string | Buffer; contentType?: string } {
  if (!op.body || body === undefined) return {};
  if (op.body.media === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (v !== undefined && v !== null) form.append(k, scalarText(v)!);
    return { body: form.toString(), contentType: op.body.media };
  }
  if (op.body.media === 'multipart/form-data') {
    const boundary = `reos-fuzz-${seed.toString(16)}`;
    const parts = Object.entries((body ?? {}) as Record<string, unknown>).map(([name, value]) => {
      const binary = resolveSchema((op.body!.schema.properties as Record<string, unknown> | undefined)?.[name], undefined).format === 'binary';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${binary ? `; filename="${name}.png"\r\nContent-Type: image/png` : ''}\r\n\r\n`;
      return Buffer.concat([Buffer.from(head), binary ? TINY_PNG : Buffer.from(scalarText(value) ?? ''), Buffer.from('\r\n')]);
    });
    return { body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
  }
  return { body: JSON.stringify(body), contentType: op.body.media };
}

function applicableMutations(op: FuzzOperation): Mutation[] {
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

interface Draft {
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

const BODY_KEYS = (body: unknown) => (body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : []);

/** Breaks one thing of `draft` (in place); `pick` and `hostile` choose among the ways. */
function mutate(op: FuzzOperation, draft: Draft, mutation: Mutation, pick: number, ctx: GenerationContext): void {
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

/** The request for `(operation, class, seed)`; deterministic for a given document and context. */
export function generateRequest(op: FuzzOperation, fuzzClass: FuzzClass, seed: number, ctx: GenerationContext): GeneratedRequest {
  const [plan] = fc.sample(planArbitrary(op, ctx.doc), { seed, numRuns: 1 });
  const draft: Draft = {
    params: pathParams(op, plan, ctx),
    query: Object.entries(plan.query).flatMap(([k, v]): Array<[string, string]> => (scalarText(v) === undefined ? [] : [[k, scalarText(v)!]])),
    headers: Object.fromEntries(Object.entries(plan.headers).flatMap(([k, v]) => (scalarText(v) === undefined ? [] : [[k, scalarText(v)!.replace(/[^\x20-\x7e]/g, '?')]]))),
    body: plan.body,
    auth: plan.anonymous ? 'none' : 'user',
  };
  let mutation: Mutation | undefined;
  if (fuzzClass === 'malformed') {
    const options = applicableMutations(op);
    const [choice] = fc.sample(fc.record({ index: fc.nat(options.length - 1), pick: fc.nat() }), { seed: seed ^ 0x5f3759df, numRuns: 1 });
    mutation = options[choice.index];
    draft.auth = 'user';
    mutate(op, draft, mutation, choice.pick, ctx);
    if (!draft.violates && op.body && draft.rawBody === undefined && !ctx.schemas.bodyValid(op, draft.body)) draft.violates = 'the body breaks the documented request schema';
    if (!draft.violates && mutation === 'deep-nesting' && !ctx.schemas.bodyValid(op, draft.body)) draft.violates = 'the body breaks the documented request schema';
  }
  const encoded = draft.rawBody !== undefined ? { body: draft.rawBody, contentType: op.body?.media ?? 'application/json' } : encodeBody(op, draft.body, seed);
  const headers: Record<string, string> = { ...draft.headers };
  const contentType = draft.contentType === null ? undefined : (draft.contentType ?? encoded.contentType);
  if (contentType && encoded.body !== undefined) headers['Content-Type'] = contentType;
  if (draft.auth === 'user' && ctx.bearer) headers.Authorization = `Bearer ${ctx.bearer}`;
  return {
    operation: op.key,
    class: fuzzClass,
    seed,
    method: op.method,
    url: buildUrl(op, draft.params, draft.query),
    headers,
    ...(encoded.body !== undefined ? { body: encoded.body } : {}),
    params: draft.params,
    auth: draft.auth,
    ...(mutation ? { mutation } : {}),
    ...(draft.violates ? { violates: draft.violates } : {}),
  };
}
