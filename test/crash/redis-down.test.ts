/**
 * Redis down, for real: a PRIVATE redis-server (its own free port, no persistence) started by
 * this file, a stack on it (REDIS_URL), and the server killed with SIGKILL mid-run. What the
 * code documents must hold (stack/lib/rate-limit/index.ts, stack/lib/redis.ts, stack/events/):
 *
 * - the general API limit fails open: requests are served, without RateLimit headers;
 * - login and the strict auth limits fail closed: 503 problem+json with Retry-After;
 * - idempotency lives in the database, so a repeated key still replays;
 * - SSE keeps delivering in this process (the bus wakes local feeds before it publishes);
 * - nothing hangs: every request is answered within a bound far above Redis' 1-2 s timeouts,
 *   also when Redis dies under a burst, and when it is frozen (SIGSTOP) rather than gone.
 *
 * Then redis-server is started again on the same port and everything recovers without a
 * restart of the stack. The machine's shared Redis is never touched. Without a redis-server
 * binary the file is skipped with one clear line, unless CI=true, where it fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../cli/helpers.js';
import { openStream, startSocketStack, streamToken, type SocketStack, type SocketUser } from '../api/sse-helpers.js';

const REDIS_SERVER = process.env.REOS_TEST_REDIS_SERVER ?? 'redis-server';
/** Only stops a hung request: far above the mailer-free, Redis-bounded paths measured here. */
const HANG_BOUND_MS = 15_000;

function redisServerProblem(): string | undefined {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error) return probe.error.message;
  return probe.status === 0 ? undefined : `exit ${probe.status}: ${probe.stderr}`;
}

const problem = redisServerProblem();
if (problem) {
  const why = `no redis-server binary (${REDIS_SERVER}: ${problem})`;
  if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires it. Install redis-server or set REOS_TEST_REDIS_SERVER.`);
  console.warn(`\n[redis-down] SKIPPED: ${why}. Install redis-server or set REOS_TEST_REDIS_SERVER to run these tests.\n`);
}

/** A private, throwaway redis-server on `port`; resolves once it accepts connections. */
async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
  });
  child.stdout!.resume();
  return child;
}

async function killRedisServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

describe.skipIf(problem)('Redis killed under a running stack', { timeout: 120_000 }, () => {
  let redis: ChildProcess;
  let redisPort: number;
  let s: SocketStack;
  let user: SocketUser;
  const account = { email: `redis-down-${process.pid}@example.test`, password: 'Redis-Down-9!' };

  /** A JSON request that must be answered (any status) within the bound. */
  async function call(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const res = await fetch(s.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(HANG_BOUND_MS),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
  }

  /** Polls until `ready` holds, for recovery: ioredis reconnects with a back-off of at most 2 s. */
  async function eventually(what: string, ready: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 150; attempt++) {
      if (await ready()) return;
      await sleep(200);
    }
    throw new Error(`did not recover: ${what}`);
  }

  const property = (n: number) => ({ address: `${n} Outage Ave`, city: 'Denver', state: 'CO', zip: '80202', price: 300_000 + n, bedrooms: 2 });

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedisServer(redisPort);
    s = await startSocketStack({ env: { REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_KEY_PREFIX: `reos-crash:${process.pid}:` } });
    user = await s.user();
  }, 60_000);

  afterAll(async () => {
    await s?.close();
    if (redis) await killRedisServer(redis);
  });

  it('degrades as documented while Redis is dead, and recovers without a restart when it is back', async () => {
    // Up: every limiter counts in the private Redis.
    expect((await call('POST', '/auth/register', { body: { ...account, name: 'Redis Down' } })).status).toBe(201);
    expect((await call('POST', '/auth/login', { body: account })).status).toBe(200);
    const before = await call('GET', '/properties', { token: user.token });
    expect(before.status).toBe(200);
    expect(before.headers.get('ratelimit')).toBeTruthy();

    const stream = await openStream(s.url, `/sse/stream?token=${await streamToken(s, user)}`);
    expect(stream.status).toBe(200);
    try {
      // Killed in the middle of a burst: every request in flight is still answered.
      const burst = Array.from({ length: 12 }, (_, i) => (i === 4 ? killRedisServer(redis).then(() => undefined) : call('GET', '/properties', { token: user.token })));
      for (const res of await Promise.all(burst)) if (res) expect(res.status).toBe(200);

      // The general limit fails open: served, uncounted.
      const read = await call('GET', '/properties', { token: user.token });
      expect(read.status).toBe(200);
      expect(read.headers.get('ratelimit')).toBeNull();

      // Login and registration fail closed, with a problem saying when to retry.
      for (const [path, body] of [['/auth/login', account], ['/auth/register', { email: `other-${process.pid}@example.test`, password: 'Redis-Down-9!', name: 'Other' }]] as const) {
        const refused = await call('POST', path, { body });
        expect(refused.status, path).toBe(503);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused.body).toMatchObject({ status: 503 });
      }

      // Writes go on; idempotency is kept in the database, so a retried key replays.
      const key = `redis-down-${process.pid}`;
      const first = await call('POST', '/properties', { token: user.token, body: property(1), headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(201);
      const again = await call('POST', '/properties', { token: user.token, body: property(1), headers: { 'Idempotency-Key': key } });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);

      // SSE keeps delivering in process: the write above reaches the open stream.
      await stream.until((st) => st.events.some((e) => e.event === 'property.created' && e.data.includes(first.body.id)), 'property.created during the outage');

      // Redis returns on the same port: everything recovers, the stack untouched.
      redis = await startRedisServer(redisPort);
      await eventually('login', async () => (await call('POST', '/auth/login', { body: account })).status === 200);
      await eventually('registration', async () => (await call('POST', '/auth/register', { body: { email: `back-${process.pid}@example.test`, password: 'Redis-Down-9!', name: 'Back' } })).status === 201);
      await eventually('RateLimit headers', async () => Boolean((await call('GET', '/properties', { token: user.token })).headers.get('ratelimit')));
      const after = await call('POST', '/properties', { token: user.token, body: property(2) });
      expect(after.status).toBe(201);
      await stream.until((st) => st.events.some((e) => e.event === 'property.created' && e.data.includes(after.body.id)), 'property.created after recovery');
    } finally {
      stream.close();
    }
  });

  it('a frozen Redis (SIGSTOP: connected, never answering) costs bounded waits, not hangs, and thaws cleanly', async () => {
    redis.kill('SIGSTOP');
    try {
      // Each limiter call gives up after the client's command timeout; the outcome is the outage's.
      const [read, login] = await Promise.all([call('GET', '/properties', { token: user.token }), call('POST', '/auth/login', { body: account })]);
      expect(read.status).toBe(200);
      expect(login.status).toBe(503);
      const write = await call('POST', '/properties', { token: user.token, body: property(3) });
      expect(write.status).toBe(201);
    } finally {
      redis.kill('SIGCONT');
    }
    await eventually('login after the thaw', async () => (await call('POST', '/auth/login', { body: account })).status === 200);
    await eventually('RateLimit headers after the thaw', async () => Boolean((await call('GET', '/properties', { token: user.token })).headers.get('ratelimit')));
  });
});
