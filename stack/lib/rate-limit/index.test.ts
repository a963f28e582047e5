/**
 * The rate limiter through the real app (in-memory store): the seed runbook's login burst,
 * concurrent bursts admitting exactly the limit, separate budgets per client, per user and per
 * account, the headers on every response, and the 429 problem.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SendOptions, type TestApp, type TestResponse } from '../../../test/support/app.js';
import { createApp } from '../../app.js';
import type { StackConfig } from '../../config.js';
import { createLogger } from '../logger.js';
import { readRateLimitSettings } from './index.js';

const SEED_BURST_BODY = { email: 'invalid@test.com', password: 'wrong' };

// One database for the file; each test builds its own app on it, so each starts with fresh
// in-memory budgets without paying for a new database.
let base: TestApp;
beforeAll(async () => {
  base = await createTestApp();
});
afterAll(() => base.close());

interface LimitedApp {
  send(method: string, path: string, options?: SendOptions): Promise<TestResponse>;
  user: TestApp['user'];
}

function app(env: Record<string, string> = {}, overrides: Partial<StackConfig> = {}): LimitedApp {
  const config = { ...base.config, rateLimit: readRateLimitSettings(env), ...overrides };
  const limited = createApp({ database: base.database, config, logger: createLogger({ level: 'silent' }) });
  return {
    user: base.user,
    async send(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['Content-Type'] ??= 'application/json';
      const body = options.body === undefined || typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      const res = await limited.request(path, { method, headers, body });
      const text = await res.text();
      const json = /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
      return { status: res.status, headers: res.headers, body: json, text };
    },
  };
}

const statuses = (responses: TestResponse[]) => responses.map((r) => r.status);
const admitted = (responses: TestResponse[]) => responses.filter((r) => r.status !== 429).length;

/** Reads one member of a RateLimit list: `"login";r=0;t=42` -> { r: 0, t: 42 }. */
function member(header: string | null, policy: string): Record<string, number> | undefined {
  const item = header?.split(',').map((s) => s.trim()).find((s) => s.startsWith(`"${policy}";`));
  if (!item) return undefined;
  return Object.fromEntries(item.split(';').slice(1).map((p) => p.split('=')).map(([k, v]) => [k, Number(v)]));
}

function expectTooManyRequests(res: TestResponse, policy: string): void {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.body).toMatchObject({ type: 'about:blank', title: 'Too Many Requests', status: 429 });
  const retryAfter = res.headers.get('retry-after');
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  const limit = member(res.headers.get('ratelimit'), policy);
  expect(limit).toMatchObject({ r: 0 });
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(limit!.t);
  expect(res.body.detail).toContain(`Retry in ${retryAfter} s`);
  expect(res.headers.get('ratelimit-policy')).toContain(`"${policy}";q=`);
}

// Every login runs a real scrypt check, so bursts take seconds on a loaded machine.
// The client budget is pinned to 10 here so bursts stay short; the shipped default is 30.
const loginApp = (env: Record<string, string> = {}, overrides: Partial<StackConfig> = {}) => app({ RATE_LIMIT_LOGIN: '10/60', ...env }, overrides);

describe('login rate limit (10/60 s per client, 5 failures/60 s per account)', { timeout: 30_000 }, () => {
  it("meets 429 in the seed runbook's burst: 25 invalid logins, 0.1 s apart", async () => {
    const t = loginApp();
    const answers: TestResponse[] = [];
    for (let i = 0; i < 25; i++) {
      answers.push(await t.send('POST', '/auth/login', { body: SEED_BURST_BODY }));
      await sleep(100);
    }
    expect(statuses(answers)).toEqual([...Array(5).fill(401), ...Array(20).fill(429)]);
    expectTooManyRequests(answers[5], 'login-account');
    expect(answers[5].headers.get('ratelimit-policy')).toBe('"login";q=10;w=60, "login-account";q=5;w=60, "default";q=300;w=60');
    // Once the client budget is spent too, that is the policy named.
    expectTooManyRequests(answers[10], 'login');
  });

  it('counts malformed attempts before validation: {"email":"invalid"} and a body that is not JSON', async () => {
    const t = loginApp();
    const invalid: TestResponse[] = [];
    for (let i = 0; i < 25; i++) invalid.push(await t.send('POST', '/auth/login', { body: { email: 'invalid' } }));
    expect(statuses(invalid)).toEqual([...Array(5).fill(422), ...Array(20).fill(429)]);
    expectTooManyRequests(invalid[5], 'login-account');

    const other = loginApp();
    const broken: TestResponse[] = [];
    for (let i = 0; i < 25; i++) broken.push(await other.send('POST', '/auth/login', { body: '{"email":' }));
    expect(statuses(broken)).toEqual([...Array(10).fill(400), ...Array(15).fill(429)]);
    expectTooManyRequests(broken[10], 'login');
  });

  it('admits exactly the client limit from a concurrent burst of 50', async () => {
    const t = loginApp();
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.send('POST', '/auth/login', { body: { email: `burst-${i}@example.test`, password: 'wrong' } })),
    );
    expect(admitted(burst)).toBe(10);
    expect(burst.filter((r) => r.status === 401)).toHaveLength(10);
  });

  it('admits exactly the account limit from a concurrent burst of 50 on one email', async () => {
    const t = loginApp({ RATE_LIMIT_LOGIN: '100/60' });
    const burst = await Promise.all(Array.from({ length: 50 }, () => t.send('POST', '/auth/login', { body: SEED_BURST_BODY })));
    expect(admitted(burst)).toBe(5);
    // The same lockout whatever the letter case of the email.
    const shouted = await t.send('POST', '/auth/login', { body: { ...SEED_BURST_BODY, email: ' INVALID@Test.com ' } });
    expectTooManyRequests(shouted, 'login-account');
  });

  it('gives each client address its own budget when TRUST_PROXY=true, and ignores X-Forwarded-For otherwise', async () => {
    const t = loginApp({}, { trustProxy: true });
    const from = (ip: string, i: number) =>
      t.send('POST', '/auth/login', { body: { email: `c${i}@example.test`, password: 'x' }, headers: { 'X-Forwarded-For': `${ip}, 10.0.0.1` } });
    const first = await Promise.all(Array.from({ length: 12 }, (_, i) => from('203.0.113.1', i)));
    const second = await Promise.all(Array.from({ length: 12 }, (_, i) => from('203.0.113.2', i)));
    expect(admitted(first)).toBe(10);
    expect(admitted(second)).toBe(10);
    // One IPv6 subscriber (/64) is one client, whichever address it picks.
    const v6 = await Promise.all(Array.from({ length: 12 }, (_, i) => from(`2001:db8:1:2::${(i + 1).toString(16)}`, i)));
    expect(admitted(v6)).toBe(10);

    const untrusting = loginApp();
    const spoofed = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        untrusting.send('POST', '/auth/login', { body: { email: `s${i}@example.test`, password: 'x' }, headers: { 'X-Forwarded-For': `198.51.100.${i}` } }),
      ),
    );
    expect(admitted(spoofed)).toBe(10);
  });

  it('gives the point back on a successful login: only failures lock an account', async () => {
    const t = loginApp({ RATE_LIMIT_LOGIN_ACCOUNT: '2/60' });
    const user = await t.user();
    for (let i = 0; i < 4; i++) expect((await t.send('POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
    const wrong = { email: user.email, password: 'Wrong-Password-1' };
    expect(statuses([await t.send('POST', '/auth/login', { body: wrong }), await t.send('POST', '/auth/login', { body: wrong })])).toEqual([401, 401]);
    // Locked now, even with the right password; another account is not.
    expectTooManyRequests(await t.send('POST', '/auth/login', { body: { email: user.email, password: user.password } }), 'login-account');
    const other = await t.user();
    expect((await t.send('POST', '/auth/login', { body: { email: other.email, password: other.password } })).status).toBe(200);
  });

  it('does not put password reset behind the login lockout', async () => {
    const t = loginApp({ RATE_LIMIT_LOGIN: '1/60' });
    await t.send('POST', '/auth/login', { body: SEED_BURST_BODY });
    expect((await t.send('POST', '/auth/login', { body: SEED_BURST_BODY })).status).toBe(429);
    const reset = await t.send('POST', '/auth/password-reset', { body: { email: SEED_BURST_BODY.email } });
    expect(reset.status).not.toBe(429);
    expect(reset.headers.get('ratelimit-policy')).not.toContain('login');
  });
});

describe('register and refresh (auth-strict, per client)', { timeout: 30_000 }, () => {
  it('refuses the attempt past the limit on each path', async () => {
    const t = app({ RATE_LIMIT_AUTH_STRICT: '3/60' });
    const register = await Promise.all(Array.from({ length: 6 }, (_, i) => t.send('POST', '/auth/register', { body: { email: `r${i}@example.test` } })));
    expect(admitted(register)).toBe(3);
    expectTooManyRequests(register.find((r) => r.status === 429)!, 'auth-strict');
    const refresh = await Promise.all(Array.from({ length: 6 }, () => t.send('POST', '/auth/refresh', { body: { refresh_token: 'rt_nope' } })));
    // One budget for both paths: it is already spent.
    expect(admitted(refresh)).toBe(0);
  });
});

describe('default and per-user limits', { timeout: 30_000 }, () => {
  it('limits an authenticated caller per user, not per address', async () => {
    const t = app({ RATE_LIMIT_USER: '3/60', RATE_LIMIT_DEFAULT: '100/60' });
    const alice = await t.user();
    const bob = await t.user();
    const burst = await Promise.all(Array.from({ length: 8 }, () => t.send('GET', '/auth/me', { token: alice.token })));
    expect(admitted(burst)).toBe(3);
    expect(burst.filter((r) => r.status === 200)).toHaveLength(3);
    expectTooManyRequests(burst.find((r) => r.status === 429)!, 'user');
    expect((await t.send('GET', '/auth/me', { token: bob.token })).status).toBe(200);
    // A forged token is nobody: it counts against the address, and requireAuth still says 401.
    const forged = await t.send('GET', '/auth/me', { token: `${alice.token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    expect(member(forged.headers.get('ratelimit'), 'default')).toMatchObject({ r: 99 });
  });

  it('limits anonymous callers per address on every route, 404s included', async () => {
    const t = app({ RATE_LIMIT_DEFAULT: '4/60' });
    const answers = await Promise.all([...Array(3).fill('/healthz'), ...Array(3).fill('/no/such/route')].map((p) => t.send('GET', p)));
    expect(admitted(answers)).toBe(4);
    expectTooManyRequests(answers.find((r) => r.status === 429)!, 'default');
  });

  it('puts RateLimit and RateLimit-Policy on every counted response, successes included', async () => {
    const t = app();
    const ok = await t.send('GET', '/healthz');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ratelimit-policy')).toBe('"default";q=300;w=60');
    expect(member(ok.headers.get('ratelimit'), 'default')).toEqual({ r: 299, t: 60 });
  });

  it('switches off entirely with RATE_LIMIT_ENABLED=false', async () => {
    const t = app({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_LOGIN: '1/60' });
    const burst = await Promise.all(Array.from({ length: 12 }, () => t.send('POST', '/auth/login', { body: SEED_BURST_BODY })));
    expect(admitted(burst)).toBe(12);
    expect(burst[0].headers.get('ratelimit')).toBeNull();
  });
});
