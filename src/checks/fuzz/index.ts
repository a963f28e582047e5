/**
 * `fuzz`: contract fuzzing from the target's OpenAPI document alone. For every documented
 * operation (less the exclusions) it sends N requests valid by the documented schemas and N
 * malformed ones (one thing broken each), as a user it registers itself (or a given bearer)
 * and, for some, with no or a bad credential. Each answer is judged (judge.ts): no 5xx,
 * problem+json errors, no 2xx to a request that breaks the contract, a documented status and
 * body, an answer within the time bound. Every request has its own seed, recorded with it, so
 * `replay` re-sends exactly that request. Details carry the counts; the pack holds every
 * failure and a sample of passing exchanges. See docs/fuzz.md.
 *
 * @example
 * - id: fuzz
 *   fuzz: { requests: 10, timeBoundMs: 2000 }
 */
import crypto from 'node:crypto';
import type { AssertionResult, CheckContext, CheckKind, StepResult } from '../../model.js';
import { findOperation, operationsOf, ResponseValidator } from '../openapi/document.js';
import { sendRequest } from '../support/http-client.js';
import { errored, outcome } from '../support/outcome.js';
import { expectationsOf, stepLocator } from '../support/reevaluate.js';
import { FUZZ_CLASSES, type FuzzClass } from './classes.js';
import { FAILURE_CLASSES, judgeExchange, type FailureClass } from './judge.js';
import { DEFAULT_EXCLUDES, securedOf } from './operations.js';
import type { FuzzRecord, FuzzReport, Replay } from './run.js';

export type FuzzSpec = {
  fuzz: {
    requests?: number;
    seed?: number;
    concurrency?: number;
    timeBoundMs?: number;
    classes?: FuzzClass[];
    exclude?: string[];
    only?: string[];
    bearer?: string;
    replay?: Replay[];
    allowUndocumented?: number[];
    spec?: string;
    target?: string;
  };
};

export const DEFAULT_FUZZ = { requests: 5, concurrency: 4, timeBoundMs: 2_000, allowUndocumented: [429], spec: '/docs/openapi.json' };

type Locate = CheckContext['locate'];

function sha256(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** The assertions over a finished fuzz: requests sent, operations covered, one per failure class. */
function fuzzAssertions(counts: { total: number; planned: number; uncovered: string[]; failures: Record<FailureClass, number> }, examples: Map<FailureClass, string[]>, locate: Locate): AssertionResult[] {
  const location = locate(['fuzz']);
  const assertions: AssertionResult[] = [
    { label: 'fuzz requests sent', op: 'eq', expected: counts.planned, actual: counts.total, passed: counts.total === counts.planned, ...(counts.total === counts.planned ? {} : { message: `${counts.planned - counts.total} planned requests were not sent (the step was cut short)` }), location },
    { label: 'every selected operation fuzzed', op: 'eq', expected: [], actual: counts.uncovered, passed: counts.uncovered.length === 0, ...(counts.uncovered.length ? { message: `not fuzzed: ${counts.uncovered.slice(0, 5).join(', ')}` } : {}), location },
  ];
  for (const c of FAILURE_CLASSES) {
    const n = counts.failures[c];
    const sample = examples.get(c) ?? [];
    assertions.push({ label: `no ${c} answers`, op: 'eq', expected: 0, actual: n, passed: n === 0, ...(n ? { message: `${n} requests: ${sample.slice(0, 3).join(' | ')}` } : {}), location });
  }
  return assertions;
}

function examplesOf(records: FuzzRecord[]): Map<FailureClass, string[]> {
  const examples = new Map<FailureClass, string[]>();
  for (const r of records) {
    for (const f of r.failures) {
      const list = examples.get(f.class) ?? [];
      if (list.length < 3) list.push(`${r.operation} (${r.class}${r.mutation ? ` ${r.mutation}` : ''}, seed ${r.seed}): ${f.message.slice(0, 200)}`);
      examples.set(f.class, list);
    }
  }
  return examples;
}

function detailsOf(report: FuzzReport, docUrl: string, docSha256: string) {
  const { records, exchanges: _exchanges, ...rest } = report;
  const classes = Object.entries(report.byClass).map(([c, n]) => `${c} ${n}`).join(', ');
  const failed = Object.entries(report.failures).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ');
  const summary = `${report.total} requests (${classes}) over ${report.operations.length} operations: ${report.failedRequests} failed${failed ? ` (${failed})` : ''}; ${report.throttled} throttled`;
  return { summary, ...rest, reachedHandlers: report.total - report.throttled - (report.byStatus.error ?? 0), document: { url: docUrl, sha256: docSha256 }, records };
}

export const fuzzKind: CheckKind<FuzzSpec> = {
  kind: 'fuzz',
  description: 'valid and malformed requests for every documented operation, generated from the OpenAPI document; every answer checked against the contract',
  schema: {
    properties: {
      fuzz: {
        type: 'object',
        description: '{requests, seed, concurrency, timeBoundMs, classes, exclude, only, bearer, replay, allowUndocumented, spec, target}',
        properties: {
          requests: { type: 'integer', minimum: 1, maximum: 10000, description: `requests per operation and class (${DEFAULT_FUZZ.requests} by default)` },
          seed: { type: 'integer', minimum: 0, maximum: 2147483647, description: 'the run seed every request seed derives from (by default one derived from the run id, recorded in the details)' },
          concurrency: { type: 'integer', minimum: 1, maximum: 64, description: `requests in flight at once (${DEFAULT_FUZZ.concurrency} by default)` },
          timeBoundMs: { type: 'integer', minimum: 1, description: `an answer slower than this fails (${DEFAULT_FUZZ.timeBoundMs} by default)` },
          classes: { type: 'array', items: { enum: [...FUZZ_CLASSES] }, minItems: 1, uniqueItems: true, description: 'which classes to send (both by default)' },
          exclude: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z]+ /' }, description: `operations ("POST /auth/logout") not to fuzz; replaces the default list (${DEFAULT_EXCLUDES.join(', ')}); event streams are always skipped` },
          only: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z]+ /' }, minItems: 1, description: 'fuzz only these operations' },
          bearer: { type: 'string', description: 'an access token to fuzz as, instead of registering a user' },
          replay: {
            type: 'array',
            minItems: 1,
            description: 'send exactly these requests (copied from a failure record) instead of generating N per operation',
            items: {
              type: 'object',
              properties: {
                operation: { type: 'string', pattern: '^[A-Za-z]+ /' },
                class: { enum: [...FUZZ_CLASSES] },
                seed: { type: 'integer', minimum: 0 },
                params: { type: 'object', additionalProperties: { type: 'string' }, description: 'path parameter values to pin' },
              },
              required: ['operation', 'class', 'seed'],
              additionalProperties: false,
            },
          },
          allowUndocumented: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, description: 'statuses any operation may answer without documenting them (429 by default)' },
          spec: { type: 'string', minLength: 1, description: `where the OpenAPI document is (${DEFAULT_FUZZ.spec} by default)` },
          target: { type: 'string', pattern: '^https?://', description: 'base URL to fuzz instead of the run’s target' },
        },
        additionalProperties: false,
      },
    },
    required: ['fuzz'],
  },
  captures: () => ['requests', 'failures', 'throttled', 'seed', 'operations'],
  async run(spec, ctx) {
    const options = { ...DEFAULT_FUZZ, ...ctx.interpolate(spec.fuzz) };
    const baseUrls = options.target ? [options.target] : ctx.baseUrls;
    const fetched = await sendRequest({ url: options.spec }, { baseUrls, signal: ctx.signal });
    const doc = fetched.response?.body;
    if (fetched.response?.status !== 200 || !doc || typeof doc !== 'object') return errored(fetched.error ?? `GET ${fetched.request.url} answered ${fetched.response?.status}, not an OpenAPI document`, { exchanges: [fetched] });
    // fast-check and the generators load only when a fuzz step runs, not with every CLI start.
    const { runFuzz, seedFrom } = await import('./run.js');
    const seed = options.seed ?? seedFrom(ctx.interpolate('${{ run.id }}'));
    const report = await runFuzz(doc as Record<string, unknown>, { ...options, baseUrls, seed, signal: ctx.signal });
    const fuzzed = report.operations.filter((o) => o.requests > 0).length;
    const planned = options.replay?.length ?? report.operations.length * (options.classes?.length ?? FUZZ_CLASSES.length) * options.requests;
    const uncovered = options.replay ? [] : report.operations.filter((o) => o.requests === 0).map((o) => o.operation);
    const assertions = fuzzAssertions({ total: report.total, planned, uncovered, failures: report.failures }, examplesOf(report.records), ctx.locate);
    return outcome({
      assertions,
      captures: { requests: report.total, failures: report.failedRequests, throttled: report.throttled, seed, operations: fuzzed },
      exchanges: report.exchanges,
      details: detailsOf(report, fetched.request.url, sha256(doc)),
      expectations: { options: { ...options, seed }, planned },
    });
  },
  /**
   * Every recorded failure is re-judged from its recorded exchange (with the pack's
   * openapi.json when it is the document that was fuzzed); since every failure is recorded, the
   * per-class counts are recomputed from them and must match the details. Passing exchanges
   * are only a sample: their judgment is re-checked too, but they prove nothing about the rest.
   */
  reevaluate(step, ctx) {
    const stored = expectationsOf<{ options: typeof DEFAULT_FUZZ & FuzzSpec['fuzz']; planned: number }>(step);
    const details = step.details as (ReturnType<typeof detailsOf> & { records: FuzzRecord[] }) | undefined;
    if (!stored || !details?.records) return { assertions: [], notReevaluated: [{ label: '*', why: 'the pack stores no expectations or fuzz records for this step' }] };
    const problems: string[] = [];
    const doc = ctx.openapi;
    const sameDoc = doc !== undefined && sha256(doc) === details.document?.sha256;
    const recounted = rejudge(step, details.records, sameDoc ? (doc as Record<string, unknown>) : undefined, stored.options, problems);
    for (const c of FAILURE_CLASSES) {
      if ((details.failures[c] ?? 0) !== recounted[c]) problems.push(`details count ${details.failures[c]} ${c} failures, the recorded exchanges hold ${recounted[c]}`);
    }
    const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
    if (sum(details.byClass) !== details.total || sum(details.byStatus) !== details.total) problems.push(`the class and status counts do not add up to ${details.total} requests`);
    const uncovered = stored.options.replay ? [] : details.operations.filter((o) => o.requests === 0).map((o) => o.operation);
    const assertions = fuzzAssertions({ total: details.total, planned: stored.planned, uncovered, failures: recounted }, examplesOf(details.records), stepLocator(step)).map((a) => (a.label.startsWith('no ') ? { ...a, compareActual: false as const } : a));
    const notReevaluated = sameDoc ? [] : [{ label: 'no schema-mismatch answers', why: 'the pack’s openapi.json is not the document that was fuzzed; response schemas were not re-checked' }];
    return { assertions, problems, notReevaluated };
  },
};

/** Re-judges each recorded exchange; returns the failure counts the records support. */
function rejudge(step: StepResult, records: FuzzRecord[], doc: Record<string, unknown> | undefined, options: typeof DEFAULT_FUZZ, problems: string[]): Record<FailureClass, number> {
  const counts = Object.fromEntries(FAILURE_CLASSES.map((c) => [c, 0])) as Record<FailureClass, number>;
  const ops = doc ? operationsOf(doc) : [];
  const validator = doc ? new ResponseValidator(doc) : undefined;
  for (const record of records) {
    const recorded = new Set(record.failures.map((f) => f.class));
    for (const c of recorded) counts[c] += 1;
    const exchange = step.exchanges[record.exchange];
    const [method, path] = record.operation.split(' ');
    const op = ops.find((o) => o.method === method.toLowerCase() && o.path === path) ?? (exchange ? findOperation(ops, method, new URL(exchange.request.url).pathname) : undefined);
    if (!exchange || !op || !validator) continue;
    const again = new Set(judgeExchange(exchange, op, { violates: record.violates, auth: record.auth, secured: securedOf(op, doc!) }, validator, options).map((f) => f.class));
    if (record.truncated) {
      again.delete('schema-mismatch');
      recorded.delete('schema-mismatch');
    }
    if ([...again].sort().join() !== [...recorded].sort().join()) problems.push(`${record.operation} seed ${record.seed}: recorded failures [${[...recorded].join(', ')}], its exchange shows [${[...again].join(', ')}]`);
  }
  return counts;
}
