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
import type { FuzzOperation, FuzzParameter } from './operations.js';
import { collectionOf } from './operations.js';
import { TINY_PNG } from './hostile.js';
import { applicableMutations, mutate, type Draft, type Mutation } from './mutate.js';
import { resolveSchema, schemaArbitrary } from './schema-arbitrary.js';
import type { RequestSchemas } from './request-schemas.js';

import type { FuzzClass } from './classes.js';

export { FUZZ_CLASSES, type FuzzClass } from './classes.js';

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

/**
 * `.` and `..` (and `%2E`) are dot segments, not ids: every URL parser, the server's included,
 * resolves `/leads/./activities` to `/leads/activities`, another route. They get a `_` so the
 * request still addresses the operation it was drawn for.
 */
function pathSegment(value: string): string {
  const encoded = encodeSegment(value);
  return /^(\.|%2e){1,2}$/i.test(encoded) ? `${encoded}_` : encoded;
}

function buildUrl(op: FuzzOperation, params: Record<string, string>, query: Array<[string, string]>): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => pathSegment(params[name] ?? ''));
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
