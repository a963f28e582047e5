/**
 * The contract fuzzer (src/checks/fuzz/, docs/fuzz.md) against the real stack on a socket:
 * over 5,000 generated requests, valid and malformed, across every documented operation, and
 * not one answer breaks the contract. The stack's rate limits stay on with the budget
 * `reos verify --fuzz` gives its own stack (src/verify/fuzz.ts), so no request is throttled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationsOf } from '../../src/checks/openapi/document.js';
import { runFuzz, type FuzzReport } from '../../src/checks/fuzz/run.js';
import { FUZZ_BUDGET } from '../../src/verify/fuzz.js';
import { startSocketStack, type SocketStack } from './sse-helpers.js';

/** Over 5,000 requests in all, however many operations the document has: ceil(5,000 / (2 x fuzzed)) per class. */
const TOTAL = 5_000;
const EXCLUDED = ['GET /sse/stream', 'POST /auth/change-password', 'POST /auth/logout'];
let PER_CLASS: number;
const budget = `${FUZZ_BUDGET}/60`;

describe('contract fuzz of the bundled API', () => {
  let s: SocketStack;
  let doc: Record<string, unknown>;
  let report: FuzzReport;
  beforeAll(async () => {
    s = await startSocketStack({
      env: { RATE_LIMIT_DEFAULT: budget, RATE_LIMIT_USER: budget, RATE_LIMIT_LOGIN: budget, RATE_LIMIT_LOGIN_ACCOUNT: budget, RATE_LIMIT_AUTH_STRICT: budget, RATE_LIMIT_PASSWORD_RESET: budget },
    });
    doc = (await s.send('GET', '/docs/openapi.json')).body;
    PER_CLASS = Math.ceil(TOTAL / (2 * (operationsOf(doc).length - EXCLUDED.length)));
    const began = performance.now();
    report = await runFuzz(doc, {
      baseUrls: [s.url],
      requests: PER_CLASS,
      seed: 20261126,
      concurrency: 4,
      // Contract first: a shared 2-core runner with scrypt hashing, PDF memos and the test's own
      // client in one process is no latency benchmark (one DELETE took 13 s at load 20), so the
      // bound here only catches hangs (docs/fuzz.md).
      timeBoundMs: 30_000,
      allowUndocumented: [429],
      signal: AbortSignal.timeout(14 * 60_000),
    });
    console.info(`contract fuzz: ${report.total} requests in ${Math.round(performance.now() - began)} ms, statuses ${JSON.stringify(report.byStatus)}`);
  }, 15 * 60_000);
  afterAll(() => s?.close());

  it('sends over 5,000 requests and none breaks the contract', () => {
    const failures = report.records.filter((r) => r.failures.length).slice(0, 10).map((r) => `${r.operation} ${r.class} ${r.mutation ?? ''} seed ${r.seed}: ${r.failures.map((f) => `${f.class} ${f.message}`).join('; ')}`);
    expect(failures).toEqual([]);
    expect(report.total).toBeGreaterThanOrEqual(TOTAL);
    expect(report.byClass).toEqual({ valid: report.total / 2, malformed: report.total / 2 });
    expect(report.failedRequests).toBe(0);
    expect(report.throttled).toBe(0);
  });

  it('lists every documented operation, fuzzed or excluded with a reason', () => {
    const documented = operationsOf(doc).map((op) => `${op.method.toUpperCase()} ${op.path}`).sort();
    const listed = [...report.operations.map((o) => o.operation), ...report.excluded.map((e) => e.operation)].sort();
    expect(listed).toEqual(documented);
    expect(report.excluded.map((e) => e.operation).sort()).toEqual(EXCLUDED);
    expect(report.operations.filter((o) => o.requests !== PER_CLASS * 2)).toEqual([]);
  });

  it('reaches the handlers: creations succeed and later requests find what they created', () => {
    const ok = (key: string) => Object.entries(report.operations.find((o) => o.operation === key)!.statuses).filter(([status]) => status.startsWith('2')).reduce((n, [, c]) => n + c, 0);
    expect(ok('POST /properties')).toBeGreaterThan(0);
    expect(ok('GET /properties/{id}')).toBeGreaterThan(0);
    expect(ok('PATCH /leads/{id}')).toBeGreaterThan(0);
  });
});
