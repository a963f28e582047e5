/**
 * `idempotency`: the same request k times (sequentially or all at once) with one
 * Idempotency-Key (generated unless given). Asserts the replays repeat the first response byte
 * for byte (status and body) and carry `Idempotent-Replayed: true`, the original does not, and
 * optionally that a follow-up request finds exactly one created resource. In concurrent mode a
 * 409 (the same key still in flight) is an allowed answer and is left out of the comparison.
 *
 * @example
 * - id: create-twice
 *   idempotency:
 *     request: { method: POST, url: /properties, bearer: "${{ steps.login.token }}", json: { address: 456 Idempotent Ave } }
 *   expect:
 *     status: 201
 *     created: { request: { url: /properties, bearer: "${{ steps.login.token }}" }, jsonpath: "$.items[?(@.address == '456 Idempotent Ave')]", count: 1 }
 */
import crypto from 'node:crypto';
import type { AssertionResult, CheckContext, CheckKind, HttpExchange } from '../../model.js';
import { assertResponse, captureFrom, implicitCaptures, IMPLICIT_CAPTURES, type CaptureSpec, type ResponseExpect } from '../support/expect.js';
import { headerOf, sendRequest, type RequestSpec } from '../support/http-client.js';
import { JsonPathError, selectJsonPath } from '../support/jsonpath.js';
import { matchValue, type Matcher } from '../support/matchers.js';
import { errored, outcome } from '../support/outcome.js';
import { expectationsOf, flagRedacted, holdsRedaction, stepLocator } from '../support/reevaluate.js';
import { sharedDefs } from '../support/schema-defs.js';

export type IdempotencySpec = {
  idempotency: { request: RequestSpec; times?: number; mode?: 'sequential' | 'concurrent'; key?: string; header?: string; spread?: boolean };
  expect?: ResponseExpect & {
    identical?: boolean;
    replayHeader?: boolean;
    created?: { request: RequestSpec; jsonpath: string; count?: Matcher };
  };
  capture?: Record<string, CaptureSpec>;
};

const REPLAY_HEADER = 'Idempotent-Replayed';

async function sendAll(spec: IdempotencySpec['idempotency'], request: RequestSpec, key: string, ctx: CheckContext): Promise<HttpExchange[]> {
  const headers = { [spec.header ?? 'Idempotency-Key']: key };
  const times = spec.times ?? 2;
  // spread: attempt i goes to target i (wrapping), so a replay lands on another replica.
  const attempt = (i: number) => sendRequest(spec.spread ? { ...request, replica: i } : request, ctx, { headers });
  if (spec.mode === 'concurrent') return Promise.all(Array.from({ length: times }, (_, i) => attempt(i)));
  const out: HttpExchange[] = [];
  for (let i = 0; i < times; i++) out.push(await attempt(i));
  return out;
}

const replayed = (e: HttpExchange) => headerOf(e, REPLAY_HEADER)?.toLowerCase() === 'true';

function snapshot(e: HttpExchange) {
  return { status: e.response?.status, body: e.response?.body };
}

function replayAssertions(original: HttpExchange, replays: HttpExchange[], spec: IdempotencySpec, ctx: Pick<CheckContext, 'locate'>): AssertionResult[] {
  const results: AssertionResult[] = [];
  const expect = spec.expect ?? {};
  const n = (e: HttpExchange) => `response ${replays.indexOf(e) + 2}`;
  if (expect.identical !== false) {
    for (const replay of replays) {
      const passed = replay.response?.status === original.response?.status && replay.response?.bodyText === original.response?.bodyText;
      results.push({
        label: `${n(replay)} repeats the first (status and body)`,
        op: 'eq',
        expected: snapshot(original),
        actual: snapshot(replay),
        passed,
        ...(passed ? {} : { message: `${n(replay)} differs from the first: status ${replay.response?.status} vs ${original.response?.status}${replay.response?.bodyText === original.response?.bodyText ? '' : ', body differs'}` }),
        location: ctx.locate(['expect', 'identical']),
      });
    }
  }
  if (expect.replayHeader !== false) {
    const location = ctx.locate(['expect', 'replayHeader']);
    const first = headerOf(original, REPLAY_HEADER);
    results.push({ label: `first response has no ${REPLAY_HEADER}: true`, op: 'ne', expected: 'true', actual: first, passed: !replayed(original), location });
    for (const replay of replays) {
      const passed = replayed(replay);
      results.push({ label: `${n(replay)} header ${REPLAY_HEADER}`, op: 'eq', expected: 'true', actual: headerOf(replay, REPLAY_HEADER), passed, ...(passed ? {} : { message: `${n(replay)} lacks ${REPLAY_HEADER}: true` }), location });
    }
  }
  return results;
}

type Created = NonNullable<NonNullable<IdempotencySpec['expect']>['created']>;

async function createdAssertions(created: Created, ctx: CheckContext): Promise<{ assertions: AssertionResult[]; exchange: HttpExchange }> {
  const exchange = await sendRequest(created.request, ctx);
  return { exchange, assertions: countCreated(created, exchange, ctx) };
}

/** The follow-up's count assertion from its recorded exchange (shared with `reevaluate`). */
function countCreated(created: Created, exchange: HttpExchange, ctx: Pick<CheckContext, 'locate'>): AssertionResult[] {
  const location = ctx.locate(['expect', 'created', 'jsonpath']);
  const label = `resources at ${created.jsonpath}`;
  if (exchange.error) return [{ label, op: 'count', expected: created.count ?? 1, actual: undefined, passed: false, message: exchange.error, location }];
  let selected: unknown;
  try {
    selected = selectJsonPath(exchange.response?.body, created.jsonpath);
  } catch (error) {
    if (!(error instanceof JsonPathError)) throw error;
    return [{ label, op: 'count', expected: created.count ?? 1, actual: undefined, passed: false, message: error.message, location }];
  }
  const count = Array.isArray(selected) ? selected.length : selected === undefined ? 0 : 1;
  return matchValue({ label: `count of ${label}`, actual: count, locate: ctx.locate }, created.count ?? 1, ['expect', 'created', 'count']);
}

export const idempotencyKind: CheckKind<IdempotencySpec> = {
  kind: 'idempotency',
  description: 'one request sent k times with one Idempotency-Key: replays must repeat the first response',
  schema: {
    properties: {
      idempotency: {
        type: 'object',
        description: '{request, times, mode, key, header}',
        properties: {
          request: { $ref: '#/$defs/request' },
          times: { type: 'integer', minimum: 2, maximum: 100, description: 'how many sends (2 by default)' },
          mode: { enum: ['sequential', 'concurrent'], description: 'send one after another (default) or all at once' },
          key: { type: 'string', minLength: 1, description: 'the Idempotency-Key (a UUID is generated otherwise)' },
          header: { type: 'string', minLength: 1, description: 'header name (Idempotency-Key by default)' },
          spread: { type: 'boolean', description: 'send attempt i to target i (replicas): the replay reaches another replica' },
        },
        required: ['request'],
        additionalProperties: false,
      },
      expect: {
        type: 'object',
        description: 'checks on the first response (status, headers, jsonpath, ...) plus identical, replayHeader, created',
        properties: {
          ...(sharedDefs.responseExpect as { properties: Record<string, unknown> }).properties,
          identical: { type: 'boolean', description: 'replays repeat the first status and body byte for byte (true by default)' },
          replayHeader: { type: 'boolean', description: `replays carry ${REPLAY_HEADER}: true and the first does not (true by default)` },
          created: {
            type: 'object',
            description: '{request, jsonpath, count}: a follow-up request that finds the created resources',
            properties: {
              request: { $ref: '#/$defs/request' },
              jsonpath: { type: 'string', pattern: '^\\$', description: 'selects the created resources, e.g. $.items[?(@.address == \'x\')]' },
              count: { $ref: '#/$defs/numberMatcher' },
            },
            required: ['request', 'jsonpath'],
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      capture: { $ref: '#/$defs/captures' },
    },
    required: ['idempotency'],
  },
  captures: (spec) => [...IMPLICIT_CAPTURES, 'key', ...Object.keys(spec.capture ?? {})],
  async run(spec, ctx) {
    const { idempotency } = ctx.interpolate({ idempotency: spec.idempotency });
    const key = idempotency.key ?? crypto.randomUUID();
    const exchanges = await sendAll(idempotency, idempotency.request, key, ctx);
    const failed = exchanges.find((e) => e.error);
    if (failed) return errored(failed.error!, { exchanges, details: { key } });

    const { candidates, original, replays } = pickOriginal(exchanges, idempotency.mode);
    const expect = spec.expect ? { ...ctx.interpolate({ ...spec.expect, schema: undefined }), schema: spec.expect.schema } : undefined;
    const assertions = [...assertResponse(original, expect, ctx.locate, ['expect']), ...replayAssertions(original, replays, { ...spec, expect }, ctx)];
    const captured = captureFrom(original, spec.capture, ctx.locate, ['capture']);
    assertions.push(...captured.assertions);
    const all = [...exchanges];
    if (expect?.created) {
      const follow = await createdAssertions(expect.created, ctx);
      assertions.push(...follow.assertions);
      all.push(follow.exchange);
    }
    const statuses = exchanges.map((e) => e.response?.status);
    return outcome({
      assertions,
      captures: { ...implicitCaptures(original), key, ...captured.captures },
      exchanges: all,
      details: { key, mode: idempotency.mode ?? 'sequential', statuses, conflicts: exchanges.length - candidates.length },
      expectations: { expect, capture: spec.capture, mode: idempotency.mode ?? 'sequential', times: exchanges.length },
    });
  },
  reevaluate(step) {
    const stored = expectationsOf<{ expect?: IdempotencySpec['expect']; capture?: IdempotencySpec['capture']; mode: 'sequential' | 'concurrent'; times: number }>(step);
    if (!stored) return { assertions: [], notReevaluated: [{ label: '*', why: 'the pack stores no expectations for this step' }] };
    const exchanges = step.exchanges.slice(0, stored.times);
    if (exchanges.length !== stored.times || exchanges.some((e) => !e.response)) return { assertions: [], notReevaluated: [{ label: '*', why: 'not every send has a recorded response' }] };
    const ctx = { locate: stepLocator(step) };
    const { original, replays } = pickOriginal(exchanges, stored.mode);
    const assertions = [...assertResponse(original, stored.expect, ctx.locate, ['expect']), ...replayAssertions(original, replays, { idempotency: { request: original.request }, expect: stored.expect }, ctx)];
    assertions.push(...captureFrom(original, stored.capture, ctx.locate, ['capture']).assertions.filter(() => !holdsRedaction(original.response)));
    const problems: string[] = [];
    if (stored.expect?.created) {
      const follow = step.exchanges[stored.times];
      if (follow) assertions.push(...countCreated(stored.expect.created, follow, ctx));
      else problems.push('the follow-up request of expect.created is not recorded');
    }
    const statuses = exchanges.map((e) => e.response?.status);
    if (JSON.stringify(statuses) !== JSON.stringify((step.details as { statuses?: unknown } | undefined)?.statuses)) problems.push(`details.statuses ${JSON.stringify(step.details?.statuses)} do not match the recorded responses ${JSON.stringify(statuses)}`);
    return { assertions: flagRedacted(assertions, original, Object.keys(stored.expect?.jsonpath ?? {})), problems };
  },
};

/** Which send is the original and which are replays (in concurrent mode a 409 is neither). */
function pickOriginal(exchanges: HttpExchange[], mode: string | undefined) {
  const candidates = mode === 'concurrent' ? exchanges.filter((e) => e.response?.status !== 409) : exchanges;
  const original = (mode === 'concurrent' ? candidates.find((e) => !replayed(e)) : undefined) ?? candidates[0] ?? exchanges[0];
  return { candidates, original, replays: candidates.filter((e) => e !== original) };
}
