/**
 * `sse`: opens an event stream (the URL usually carries a token captured by an earlier step),
 * runs nested http trigger steps once it is open, and expects events matching a predicate
 * (event name, JSONPath on the data, data text) within a time after the triggers finish.
 * Optionally reconnects with Last-Event-ID, runs more triggers while disconnected, and asserts
 * that the new connection delivers those events (no gap) and repeats none (no duplicate).
 * Every frame received is recorded in the step's details.
 *
 * @example
 * - id: stream
 *   sse:
 *     url: "/sse/stream?token=${{ steps.sse-token.token }}"
 *     triggers:
 *       - id: create
 *         http: { method: POST, url: /properties, bearer: "${{ steps.login.token }}", json: { address: 1 Stream St } }
 *     within: 2000
 *   expect:
 *     events: [{ event: property.created, jsonpath: { "$.address": 1 Stream St } }]
 */
import type { AssertionResult, CheckContext, CheckKind, HttpExchange, ReevaluatedAssertion } from '../../model.js';
import { reevaluateHttp, runHttp, type HttpSpec } from '../http/index.js';
import { buildRequest } from '../support/http-client.js';
import { errored, outcome } from '../support/outcome.js';
import { expectationsOf, stepLocator } from '../support/reevaluate.js';
import { describeStatus, statusMatches, type StatusSpec } from '../support/status.js';
import { allSeen, eventAssertions, frameMatches, parseData, type EventExpect } from './events.js';
import { sseSchema } from './schema.js';
import { FrameLog, openStream, type Frame } from './stream.js';

type Trigger = HttpSpec & { id: string; name?: string };

export type SseSpec = {
  sse: {
    url: string;
    headers?: Record<string, string>;
    bearer?: string;
    replica?: number;
    triggers?: Trigger[];
    within?: number;
    reconnect?: { url?: string; triggers?: Trigger[]; within?: number; events?: EventExpect[] };
  };
  expect?: { status?: StatusSpec; events?: EventExpect[] };
};

const DEFAULT_WITHIN_MS = 2_000;

async function runTriggers(triggers: Trigger[], ctx: CheckContext, base: (string | number)[], resolved: Array<Record<string, unknown>> = []) {
  const assertions: AssertionResult[] = [];
  const exchanges: HttpExchange[] = [];
  for (const [i, trigger] of triggers.entries()) {
    const result = await runHttp(trigger, ctx, [...base, i]);
    resolved.push({ id: trigger.id, ...(result.expectations ?? {}) });
    exchanges.push(...result.exchanges);
    const failed = result.assertions.filter((a) => !a.passed);
    assertions.push({
      label: `trigger ${trigger.id}`,
      op: 'passed',
      expected: 'passed',
      actual: result.status,
      passed: result.status === 'passed',
      ...(result.status === 'passed' ? {} : { message: result.reason ?? failed.map((a) => a.message).join('; ') }),
      location: ctx.locate([...base, i]),
    });
    if (result.status !== 'passed') break;
  }
  return { assertions, exchanges, ok: assertions.every((a) => a.passed) };
}

function streamAssertions(stream: { exchange: HttpExchange }, status: StatusSpec, label: string, location: AssertionResult['location']): AssertionResult[] {
  const actual = stream.exchange.response?.status;
  const type = stream.exchange.response?.headers['content-type'];
  return [
    { label: `${label} status`, op: 'eq', expected: status, actual, passed: statusMatches(actual, status), ...(statusMatches(actual, status) ? {} : { message: `expected ${describeStatus(status)}, got ${actual}` }), location },
    { label: `${label} content-type`, op: 'contains', expected: 'text/event-stream', actual: type, passed: /text\/event-stream/i.test(type ?? ''), location },
  ];
}

export const sseKind: CheckKind<SseSpec> = {
  kind: 'sse',
  description: 'subscribe to an event stream, trigger events with http steps, expect them within a time',
  schema: sseSchema,
  captures: () => ['last_event_id', 'events', 'event'],
  async run(spec, ctx) {
    const sse = ctx.interpolate({ ...spec.sse, triggers: undefined, reconnect: spec.sse.reconnect ? { ...spec.sse.reconnect, triggers: undefined } : undefined });
    const expect = ctx.interpolate(spec.expect ?? {});
    const status = expect.status ?? 200;
    const wants = expect.events ?? [];
    const log = new FrameLog();
    const target = (url: string, extra: Record<string, string> = {}) => {
      const built = buildRequest({ url, headers: sse.headers, bearer: sse.bearer, replica: sse.replica }, ctx.baseUrls, extra);
      return { url: built.url, headers: built.headers };
    };
    const within = sse.within ?? DEFAULT_WITHIN_MS;
    const details = () => ({ frames: log.frames, comments: log.comments, retry: log.retry });
    const triggers: Array<Record<string, unknown>> = [];
    const reconnectTriggers: Array<Record<string, unknown>> = [];
    const expectations = { status, events: wants, within, triggers, ...(sse.reconnect ? { reconnect: { events: sse.reconnect.events ?? [], within: sse.reconnect.within ?? DEFAULT_WITHIN_MS, triggers: reconnectTriggers } } : {}) };

    const first = await openStream(target(sse.url), log, 1, ctx.signal);
    if (first.exchange.error) return errored(first.exchange.error, { exchanges: [first.exchange] });
    const assertions = streamAssertions(first, status, 'stream', ctx.locate(['sse', 'url']));
    const exchanges: HttpExchange[] = [first.exchange];
    try {
      if (!first.open) return outcome({ assertions, exchanges, details: details(), expectations });
      const triggered = await runTriggers(spec.sse.triggers ?? [], ctx, ['sse', 'triggers'], triggers);
      assertions.push(...triggered.assertions);
      exchanges.push(...triggered.exchanges);
      if (triggered.ok) await log.waitUntil(allSeen(wants, () => log.frames, ctx.locate), within, ctx.signal);
      assertions.push(...eventAssertions(wants, log.frames, within, ctx, ['expect', 'events']));
      first.close();
      if (sse.reconnect && triggered.ok) assertions.push(...(await reconnect(spec, sse.reconnect, { log, target, exchanges, ctx, resolved: reconnectTriggers })));
    } finally {
      first.close();
    }
    const lastId = [...log.frames].reverse().find((f) => f.id !== undefined)?.id;
    const matched = log.frames.find((f) => wants[0] && frameMatches(f, wants[0], ctx.locate));
    const captures = { events: log.frames.length, ...(lastId !== undefined ? { last_event_id: lastId } : {}), ...(matched ? { event: parseData(matched.data) } : {}) };
    return outcome({ assertions, captures, exchanges, details: details(), expectations });
  },
  /**
   * The first stream's status and content type from its recorded exchange, and the expected
   * events counted again in the recorded frames of the first connection; likewise for the
   * reconnection (its stream, its events, no repeated id); each trigger (a nested http step)
   * from its recorded exchange and stored expectations.
   */
  reevaluate(step) {
    const stored = expectationsOf<{ status: StatusSpec; events?: EventExpect[]; within: number; triggers?: StoredTrigger[]; reconnect?: { events: EventExpect[]; within: number; triggers?: StoredTrigger[] } }>(step);
    const stream = step.exchanges[0];
    if (!stored || !stream?.response) return { assertions: [], notReevaluated: [{ label: '*', why: stored ? 'the stream has no recorded response' : 'the pack stores no expectations for this step' }] };
    const locate = stepLocator(step);
    const assertions = streamAssertions({ exchange: stream }, stored.status, 'stream', locate([]));
    const frames = ((step.details as { frames?: Frame[] } | undefined)?.frames ?? []).filter((f) => f.connection === 1);
    // The same rule openStream applies: a status under 300 with an event-stream content type.
    const wasOpen = stream.response.status < 300 && /text\/event-stream/i.test(stream.response.headers['content-type'] ?? '');
    // The triggers' exchanges follow the stream's, in order (each trigger sends one request);
    // when the reconnection ran, its stream is the last exchange.
    const second = step.exchanges.at(-1);
    const reconnected = Boolean(stored.reconnect && second?.response && second !== stream && step.assertions.some((a) => a.label === 'reconnected stream status'));
    const end = reconnected ? step.exchanges.length - 1 : step.exchanges.length;
    let next = 1;
    const replay = (triggers: StoredTrigger[] | undefined) => {
      for (const trigger of triggers ?? []) {
        if (next >= end) break;
        assertions.push(triggerAssertion(trigger, step.exchanges[next++], step));
      }
    };
    if (wasOpen) {
      replay(stored.triggers);
      assertions.push(...eventAssertions(stored.events ?? [], frames, stored.within, { locate }, ['expect', 'events']));
    }
    if (stored.reconnect && second?.response && reconnected) {
      replay(stored.reconnect.triggers);
      assertions.push(...streamAssertions({ exchange: second }, 200, 'reconnected stream', locate([])));
      const reopened = second.response.status < 300 && /text\/event-stream/i.test(second.response.headers['content-type'] ?? '');
      if (reopened) {
        const all = (step.details as { frames?: Frame[] } | undefined)?.frames ?? [];
        const after = all.filter((f) => f.connection === 2);
        assertions.push(...eventAssertions(stored.reconnect.events, after, stored.reconnect.within, { locate }, ['sse', 'reconnect', 'events']));
        const firstIds = new Set(frames.map((f) => f.id).filter((id) => id !== undefined));
        const duplicates = after.filter((f) => f.id !== undefined && firstIds.has(f.id)).map((f) => f.id);
        assertions.push({ label: 'no event repeated after reconnecting', op: 'eq', expected: [], actual: duplicates, passed: duplicates.length === 0, location: locate([]) });
      }
    }
    return { assertions };
  },
};

type StoredTrigger = { id: string; expect?: HttpSpec['expect']; capture?: HttpSpec['capture'] };

/** A trigger's `trigger <id>` assertion from its recorded exchange: passed when every http assertion holds. */
function triggerAssertion(trigger: StoredTrigger, exchange: HttpExchange, step: Parameters<typeof reevaluateHttp>[2]): ReevaluatedAssertion {
  const again = exchange.error ? undefined : reevaluateHttp(exchange, trigger, step).assertions;
  const status = again === undefined ? 'error' : again.every((a) => a.passed) ? 'passed' : 'failed';
  return { label: `trigger ${trigger.id}`, op: 'passed', expected: 'passed', actual: status, passed: status === 'passed', location: step.location, ...(again?.some((a) => a.redacted) ? { redacted: true as const } : {}) };
}

interface ReconnectState {
  log: FrameLog;
  target: (url: string, extra?: Record<string, string>) => { url: string; headers: Record<string, string> };
  exchanges: HttpExchange[];
  ctx: CheckContext;
  /** The reconnect triggers' resolved expectations, for the pack. */
  resolved: Array<Record<string, unknown>>;
}

async function reconnect(spec: SseSpec, options: NonNullable<SseSpec['sse']['reconnect']>, state: ReconnectState): Promise<AssertionResult[]> {
  const { log, ctx } = state;
  const location = ctx.locate(['sse', 'reconnect']);
  const before = log.frames.filter((f) => f.connection === 1);
  const lastId = [...before].reverse().find((f) => f.id !== undefined)?.id;
  if (lastId === undefined) {
    return [{ label: 'an event id to resume from', op: 'exists', expected: true, actual: undefined, passed: false, message: 'the first connection received no event with an id, so Last-Event-ID cannot be tested', location }];
  }
  const triggered = await runTriggers(spec.sse.reconnect?.triggers ?? [], ctx, ['sse', 'reconnect', 'triggers'], state.resolved);
  state.exchanges.push(...triggered.exchanges);
  const second = await openStream(state.target(options.url ?? spec.sse.url, { 'Last-Event-ID': lastId }), log, 2, ctx.signal);
  state.exchanges.push(second.exchange);
  if (second.exchange.error) return [...triggered.assertions, { label: 'reconnect', op: 'connect', expected: 'connected', actual: second.exchange.error, passed: false, message: second.exchange.error, location }];
  try {
    const results = [...triggered.assertions, ...streamAssertions(second, 200, 'reconnected stream', location)];
    if (!second.open) return results;
    const wants = options.events ?? [];
    const within = options.within ?? DEFAULT_WITHIN_MS;
    const after = () => log.frames.filter((f) => f.connection === 2);
    await log.waitUntil(allSeen(wants, after, ctx.locate), within, ctx.signal);
    results.push(...eventAssertions(wants, after(), within, ctx, ['sse', 'reconnect', 'events']));
    const firstIds = new Set(before.map((f) => f.id).filter((id) => id !== undefined));
    const duplicates = after().filter((f) => f.id !== undefined && firstIds.has(f.id)).map((f) => f.id);
    results.push({ label: 'no event repeated after reconnecting', op: 'eq', expected: [], actual: duplicates, passed: duplicates.length === 0, ...(duplicates.length ? { message: `ids sent again after Last-Event-ID ${lastId}: ${duplicates.join(', ')}` } : {}), location });
    return results;
  } finally {
    second.close();
  }
}
