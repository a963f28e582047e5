/**
 * `burst`: the same request N times at a concurrency and an optional rate, then assertions over
 * the set of responses: some / all / none of them with a status, a count per status, and
 * headers every response of a status must carry (Retry-After on the 429s). Without some / all /
 * none, `none: 5xx` is assumed; every request must get a response. The status
 * histogram is recorded in the step's details and captured as `histogram`.
 *
 * @example
 * - id: login-burst
 *   burst: { count: 25, ratePerSecond: 10, request: { method: POST, url: /auth/login, json: { email: x@y.z, password: wrong } } }
 *   expect: { some: 429, none: 5xx, headers: { "429": { Retry-After: { exists: true } } } }
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AssertionResult, CheckContext, CheckKind, HttpExchange } from '../../model.js';
import { headerOf, sendRequest, type RequestSpec } from '../support/http-client.js';
import { matchValue, type Matcher } from '../support/matchers.js';
import { errored, outcome } from '../support/outcome.js';
import { expectationsOf, stepLocator } from '../support/reevaluate.js';
import { describeStatus, statusMatches, type StatusSpec } from '../support/status.js';

export type BurstSpec = {
  burst: { request: RequestSpec; count: number; concurrency?: number; ratePerSecond?: number; spread?: boolean };
  expect?: {
    some?: StatusSpec;
    all?: StatusSpec;
    none?: StatusSpec;
    count?: Record<string, Matcher>;
    headers?: Record<string, Record<string, Matcher>>;
  };
};

/** Every exchange is kept up to this many requests; past it, the first one of each status. */
const RECORD_ALL_UP_TO = 100;

type Locate = CheckContext['locate'];

async function fire(spec: BurstSpec['burst'], request: RequestSpec, ctx: CheckContext): Promise<HttpExchange[]> {
  const results: HttpExchange[] = new Array(spec.count);
  const began = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < spec.count && !ctx.signal.aborted) {
      const i = next++;
      if (spec.ratePerSecond) {
        const wait = began + (i * 1000) / spec.ratePerSecond - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal: ctx.signal }).catch(() => undefined);
      }
      results[i] = await sendRequest(spec.spread ? { ...request, replica: i } : request, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(spec.concurrency ?? 1, spec.count) }, worker));
  return results.filter(Boolean);
}

function histogramOf(exchanges: HttpExchange[]): Record<string, number> {
  const histogram: Record<string, number> = {};
  for (const e of exchanges) {
    const key = e.response ? String(e.response.status) : 'error';
    histogram[key] = (histogram[key] ?? 0) + 1;
  }
  return histogram;
}

function setAssertion(op: 'some' | 'all' | 'none', spec: StatusSpec, statuses: (number | undefined)[], locate: Locate): AssertionResult {
  const hits = statuses.filter((s) => statusMatches(s, spec)).length;
  const passed = op === 'some' ? hits > 0 : op === 'all' ? hits === statuses.length : hits === 0;
  const expected = `${op} of ${statuses.length} responses ${describeStatus(spec)}`;
  return {
    label: `${op} status ${describeStatus(spec)}`,
    op,
    expected,
    actual: `${hits} of ${statuses.length}`,
    passed,
    ...(passed ? {} : { message: `expected ${expected}, got ${hits}` }),
    location: locate(['expect', op]),
  };
}

function headerAssertions(status: string, headers: Record<string, Matcher>, exchanges: HttpExchange[], locate: Locate): AssertionResult[] {
  const matching = exchanges.filter((e) => statusMatches(e.response?.status, status));
  return Object.entries(headers).flatMap(([name, matcher]): AssertionResult[] => {
    const label = `header ${name} on ${status} responses`;
    if (matching.length === 0) {
      return [{ label, op: 'exists', expected: matcher, actual: `no ${status} response`, passed: false, message: `no response had status ${status}, so ${name} could not be checked`, location: locate(['expect', 'headers', status, name]) }];
    }
    const perResponse = matching.map((e) => matchValue({ label, actual: headerOf(e, name), locate, stringly: true }, matcher, ['expect', 'headers', status, name]));
    // One result per operator, failed if any response fails it; actual lists the values seen.
    return perResponse[0].map((first, i): AssertionResult => {
      const failures = perResponse.filter((results) => !results[i].passed).length;
      const passed = failures === 0;
      return {
        ...first,
        actual: [...new Set(matching.map((e) => headerOf(e, name) ?? null))],
        passed,
        ...(passed ? {} : { message: `${failures} of ${matching.length} ${status} responses fail: ${perResponse.find((r) => !r[i].passed)?.[i].message}` }),
      };
    });
  });
}

function recorded(exchanges: HttpExchange[]): HttpExchange[] {
  if (exchanges.length <= RECORD_ALL_UP_TO) return exchanges;
  const seen = new Set<string>();
  return exchanges.filter((e) => {
    const key = String(e.response?.status ?? 'error');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const burstKind: CheckKind<BurstSpec> = {
  kind: 'burst',
  description: 'N requests of one request definition; assertions over the set of responses',
  schema: {
    properties: {
      burst: {
        type: 'object',
        description: '{request, count, concurrency, ratePerSecond, spread}',
        properties: {
          request: { $ref: '#/$defs/request' },
          count: { type: 'integer', minimum: 1, maximum: 100000, description: 'how many requests' },
          concurrency: { type: 'integer', minimum: 1, maximum: 1000, description: 'requests in flight at once (1 by default)' },
          ratePerSecond: { type: 'number', exclusiveMinimum: 0, description: 'at most this many request starts per second' },
          spread: { type: 'boolean', description: 'spread the requests over every target base URL (replicas)' },
        },
        required: ['request', 'count'],
        additionalProperties: false,
      },
      expect: {
        type: 'object',
        description: '{some, all, none, count, headers} over the responses',
        properties: {
          some: { $ref: '#/$defs/status' },
          all: { $ref: '#/$defs/status' },
          none: { $ref: '#/$defs/status' },
          count: {
            type: 'object',
            description: 'status ("429", "4xx") -> how many responses had it',
            propertyNames: { pattern: '^[1-5]([0-9][0-9]|xx)$', description: 'a status such as "429" or "4xx"' },
            additionalProperties: { $ref: '#/$defs/numberMatcher' },
          },
          headers: {
            type: 'object',
            description: 'status ("429") -> headers every response with that status carries',
            propertyNames: { pattern: '^[1-5]([0-9][0-9]|xx)$', description: 'a status such as "429" or "4xx"' },
            additionalProperties: { $ref: '#/$defs/headerMatchers' },
          },
        },
        additionalProperties: false,
      },
    },
    required: ['burst'],
  },
  captures: () => ['histogram', 'total'],
  async run(spec, ctx) {
    const request = ctx.interpolate(spec.burst.request);
    const began = performance.now();
    const exchanges = await fire(spec.burst, request, ctx);
    const elapsedMs = Math.round(performance.now() - began);
    const histogram = histogramOf(exchanges);
    const details = { histogram, total: exchanges.length, elapsedMs, recordedExchanges: Math.min(exchanges.length, recorded(exchanges).length) };
    const answered = exchanges.filter((e) => e.response);
    if (answered.length === 0) return errored(exchanges[0]?.error ?? 'no request was sent', { exchanges: recorded(exchanges), details });

    const expect = ctx.interpolate(spec.expect ?? {});
    if (expect.some === undefined && expect.all === undefined && expect.none === undefined) expect.none = '5xx';
    const statuses = exchanges.map((e) => e.response?.status);
    const assertions = burstAssertions(expect, statuses, exchanges, ctx.locate, exchanges.find((e) => e.error)?.error);
    return outcome({ assertions, captures: { histogram, total: exchanges.length }, exchanges: recorded(exchanges), details, expectations: { expect } });
  },
  /**
   * From the histogram (every response, even past the recorded 100) for the status sets and
   * counts, and from the exchanges for the headers when all of them are recorded; the histogram
   * must agree with the recorded exchanges.
   */
  reevaluate(step) {
    const stored = expectationsOf<{ expect: NonNullable<BurstSpec['expect']> }>(step);
    const details = step.details as { histogram?: Record<string, number>; total?: number } | undefined;
    if (!stored || !details?.histogram) return { assertions: [], notReevaluated: [{ label: '*', why: 'the pack stores no expectations or histogram for this step' }] };
    const statuses: (number | undefined)[] = Object.entries(details.histogram).flatMap(([status, n]) => Array.from({ length: n }, () => (status === 'error' ? undefined : Number(status))));
    const problems: string[] = [];
    if (statuses.length !== details.total) problems.push(`the histogram counts ${statuses.length} responses, details.total says ${details.total}`);
    const complete = step.exchanges.length === statuses.length;
    if (complete && JSON.stringify(sortedKeys(histogramOf(step.exchanges))) !== JSON.stringify(sortedKeys(details.histogram))) {
      problems.push(`the histogram ${JSON.stringify(details.histogram)} does not match the recorded responses ${JSON.stringify(histogramOf(step.exchanges))}`);
    }
    const error = step.exchanges.find((e) => e.error)?.error;
    const all = burstAssertions({ ...stored.expect, headers: complete ? stored.expect.headers : undefined }, statuses, step.exchanges, stepLocator(step), error);
    const notReevaluated = complete ? [] : Object.keys(stored.expect.headers ?? {}).map((status) => ({ label: `header * on ${status} responses`, why: `only ${step.exchanges.length} of ${statuses.length} exchanges are recorded` }));
    return { assertions: all, problems, notReevaluated };
  },
};

function sortedKeys(record: Record<string, number>): Array<[string, number]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every assertion of a burst over its statuses (and, for headers, its exchanges): shared by `run` and `reevaluate`. */
function burstAssertions(expect: NonNullable<BurstSpec['expect']>, statuses: (number | undefined)[], exchanges: HttpExchange[], locate: Locate, firstError: string | undefined): AssertionResult[] {
  const unanswered = statuses.filter((s) => s === undefined).length;
  const assertions: AssertionResult[] = [{
    label: 'every request answered',
    op: 'eq',
    expected: statuses.length,
    actual: statuses.length - unanswered,
    passed: unanswered === 0,
    ...(unanswered ? { message: `${unanswered} requests got no response: ${firstError}` } : {}),
    location: locate(['burst']),
  }];
  for (const op of ['some', 'all', 'none'] as const) {
    if (expect[op] !== undefined) assertions.push(setAssertion(op, expect[op], statuses, locate));
  }
  for (const [status, matcher] of Object.entries(expect.count ?? {})) {
    const hits = statuses.filter((s) => statusMatches(s, status)).length;
    assertions.push(...matchValue({ label: `count of ${status} responses`, actual: hits, locate }, matcher, ['expect', 'count', status]));
  }
  for (const [status, headers] of Object.entries(expect.headers ?? {})) assertions.push(...headerAssertions(status, headers, exchanges, locate));
  return assertions;
}
