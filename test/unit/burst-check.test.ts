import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startServer, type TestServer } from './support/servers.js';
import { runYaml, step } from './support/scenarios.js';

/** A login limiter: 401 for the first `limit` attempts of a key, then 429 (with or without Retry-After). */
let server: TestServer;
const counts = new Map<string, number>();
let peak = 0;
let open = 0;

beforeAll(async () => {
  server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.searchParams.get('key') ?? 'default';
    const limit = Number(url.searchParams.get('limit') ?? 5);
    open += 1;
    peak = Math.max(peak, open);
    await new Promise((resolve) => setTimeout(resolve, 5));
    open -= 1;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= limit) return sendJson(res, 401, { status: 401 }, { 'Content-Type': 'application/problem+json' });
    const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
    if (url.searchParams.get('retryAfter') !== 'no') headers['Retry-After'] = '42';
    sendJson(res, 429, { status: 429 }, headers);
  });
});

afterAll(() => server.close());

const burst = (query: string, expect: string, extra = '') => `name: burst
area: hardening
severity: critical
steps:
  - id: login-burst
    burst:
      count: 12
${extra}      request: { method: POST, url: "/login?${query}", json: { email: x@y.z, password: wrong } }
    expect:
${expect}`;

describe('burst check', () => {
  it('records a status histogram and asserts some / all / none / count and headers per status', async () => {
    const result = await runYaml(
      burst(
        'key=a&limit=5',
        `      some: 429
      all: [401, 429]
      none: 5xx
      count: { "429": { gte: 7 }, "401": 5 }
      headers:
        "429": { Retry-After: { matches: "^[0-9]+$" }, Content-Type: { contains: problem } }
`,
      ),
      server.url,
    );
    const s = step(result, 'login-burst');
    expect(s.status).toBe('passed');
    expect(s.details).toMatchObject({ histogram: { '401': 5, '429': 7 }, total: 12 });
    expect(s.captures).toEqual({ histogram: { '401': 5, '429': 7 }, total: 12 });
    expect(s.exchanges).toHaveLength(12);
    expect(s.assertions.map((a) => a.label)).toEqual([
      'every request answered',
      'some status 429',
      'all status 401 or 429',
      'none status 5xx',
      // YAML mapping keys that look like integers come back in numeric order.
      'count of 401 responses',
      'count of 429 responses',
      'header Retry-After on 429 responses',
      'header Content-Type on 429 responses',
    ]);
  });

  it('fails when no 429 comes, or when the 429s lack Retry-After, saying so', async () => {
    const noLimit = await runYaml(burst('key=b&limit=100', '      some: 429\n'), server.url);
    const failed = step(noLimit, 'login-burst').assertions.find((a) => !a.passed)!;
    expect(failed).toMatchObject({ label: 'some status 429', actual: '0 of 12', passed: false, message: 'expected some of 12 responses 429, got 0' });
    expect(failed.location?.line).toBe(10);

    const noHeader = await runYaml(burst('key=c&limit=3&retryAfter=no', '      some: 429\n      headers: { "429": { Retry-After: { exists: true } } }\n'), server.url);
    const header = step(noHeader, 'login-burst').assertions.find((a) => a.label === 'header Retry-After on 429 responses')!;
    expect(header.passed).toBe(false);
    expect(header.actual).toEqual([null]);
    expect(header.message).toMatch(/^9 of 9 429 responses fail: expected header Retry-After on 429 responses exists true, got nothing/);
  });

  it('keeps to the concurrency it is given', async () => {
    peak = 0;
    await runYaml(burst('key=d&limit=100', '      none: 5xx\n', '      concurrency: 1\n'), server.url);
    expect(peak).toBe(1);
    peak = 0;
    const result = await runYaml(burst('key=e&limit=100', '      none: 5xx\n', '      concurrency: 4\n'), server.url);
    expect(step(result, 'login-burst').status).toBe('passed');
    expect(peak).toBeGreaterThan(1);
  });

  it('paces requests with ratePerSecond', async () => {
    const result = await runYaml(
      `name: paced
area: hardening
severity: minor
steps:
  - id: paced
    burst: { count: 4, ratePerSecond: 20, request: { url: "/login?key=f" } }
`,
      server.url,
    );
    const starts = step(result, 'paced').exchanges.map((e) => Date.parse(e.timing.startedAt));
    // 20 per second: each start at least 50 ms after the first, times its index (minus clock rounding).
    starts.forEach((t, i) => expect(t - starts[0]).toBeGreaterThanOrEqual(i * 50 - 2));
  });
});
