/**
 * Rate limits across replicas: two app instances (two createApp calls, each with its own Redis
 * connection) on one Redis and one key prefix draw on one budget, under a concurrent burst too.
 * Then Redis goes away (a TCP proxy in front of it is shut): login fails closed with a 503
 * problem while other routes stay up, and both recover when it comes back.
 *
 * Without Redis the file is skipped with a clear line, unless CI=true, where it fails. Each run
 * uses its own key prefix and deletes its keys afterwards.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../stack/app.js';
import type { StackConfig } from '../../stack/config.js';
import { StackError } from '../../stack/lib/errors.js';
import { createLogger } from '../../stack/lib/logger.js';
import { readRateLimitSettings } from '../../stack/lib/rate-limit/index.js';
import { closeRedisClients, connectRedis, createRedis } from '../../stack/lib/redis.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { redisOrSkip, TEST_REDIS_URL } from '../support/services.js';

const REDIS_URL = TEST_REDIS_URL;
const PREFIX = `reos-test:rate-limit:${process.pid}:${crypto.randomBytes(4).toString('hex')}:`;

const problem = await redisOrSkip('rate-limit-redis');

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** REDIS_URL with its host and port swapped, credentials and database kept. */
function redisUrlAt(port: number): string {
  const url = new URL(REDIS_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

/** A TCP relay to Redis that can be shut (connections cut) and reopened on the same port. */
async function redisProxy(port = 0): Promise<{ port: number; stop(): Promise<void> }> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe.skipIf(problem)('rate limits shared through Redis', { timeout: 30_000 }, () => {
  let base: TestApp;
  const configs: StackConfig[] = [];
  let scope = 0;

  beforeAll(async () => {
    base = await createTestApp();
  });

  afterAll(async () => {
    await Promise.all(configs.map((config) => closeRedisClients(config)));
    const admin = new Redis(REDIS_URL);
    const keys: string[] = [];
    for await (const batch of admin.scanStream({ match: `${PREFIX}*`, count: 500 })) keys.push(...(batch as string[]));
    if (keys.length) await admin.del(...keys);
    await admin.quit();
    await base?.close();
  });

  /** A fresh key scope for one test: replicas made from it share Redis keys, and nothing else does. */
  function cluster(env: Record<string, string> = {}, redisUrl = REDIS_URL) {
    const redisPrefix = `${PREFIX}${++scope}:`;
    // A client login budget of 10 keeps the bursts short (the shipped default is 30).
    const settings = readRateLimitSettings({ RATE_LIMIT_LOGIN: '10/60', ...env });
    return function replica(): App {
      const config: StackConfig = { ...base.config, redisUrl, redisPrefix, rateLimit: settings };
      configs.push(config);
      return createApp({ database: base.database, config, logger: createLogger({ level: 'silent' }) });
    };
  }

  const login = (app: App, email: string) =>
    app.request('/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong' }) });
  const admitted = (responses: Response[]) => responses.filter((r) => r.status !== 429).length;

  it('two replicas admit exactly the limit between them from one concurrent burst of 50', async () => {
    const replica = cluster();
    const [a, b] = [replica(), replica()];
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => login(i % 2 ? a : b, `burst-${i}@example.test`)));
    expect(admitted(burst)).toBe(10);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(40);
    const refused = burst.find((r) => r.status === 429)!;
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('spends one budget whichever replica answers: what one used, the other no longer has', async () => {
    const replica = cluster();
    const [a, b] = [replica(), replica()];
    const onA: Response[] = [];
    for (let i = 0; i < 6; i++) onA.push(await login(a, `a-${i}@example.test`));
    expect(onA.map((r) => r.status)).toEqual(Array(6).fill(401));
    expect(onA[5].headers.get('ratelimit')).toContain('"login";r=4;');
    const onB: Response[] = [];
    for (let i = 0; i < 6; i++) onB.push(await login(b, `b-${i}@example.test`));
    expect(onB.map((r) => r.status)).toEqual([401, 401, 401, 401, 429, 429]);
    expect(onB[0].headers.get('ratelimit')).toContain('"login";r=3;');
  });

  it('locks one account across replicas: 5 failures in all from a burst on one email', async () => {
    const replica = cluster({ RATE_LIMIT_LOGIN: '1000/60' });
    const [a, b] = [replica(), replica()];
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => login(i % 2 ? a : b, 'invalid@test.com')));
    expect(admitted(burst)).toBe(5);
  });

  it('when Redis goes down, login fails closed with a 503 problem and other routes stay up; both recover', async () => {
    const proxy = await redisProxy();
    const app = cluster({}, redisUrlAt(proxy.port))();
    expect((await login(app, 'down@example.test')).status).toBe(401);
    expect((await app.request('/healthz')).headers.get('ratelimit')).toContain('"default";');

    await proxy.stop();
    let during = await login(app, 'down@example.test');
    // The client notices the cut connection on its next event-loop turns.
    for (let i = 0; i < 100 && during.status !== 503; i++) during = await sleep(20).then(() => login(app, 'down@example.test'));
    expect(during.status).toBe(503);
    expect(during.headers.get('content-type')).toBe('application/problem+json');
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await during.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect((await login(app, 'other@example.test')).status).toBe(503);
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers.get('ratelimit')).toBeNull();

    const back = await redisProxy(proxy.port);
    try {
      let after = await login(app, 'down@example.test');
      for (let i = 0; i < 200 && after.status === 503; i++) after = await sleep(25).then(() => login(app, 'down@example.test'));
      expect(after.status).toBe(401);
      expect((await app.request('/healthz')).headers.get('ratelimit')).toContain('"default";');
    } finally {
      await back.stop();
    }
  });

  it('with Redis unreachable from the start, login is refused with 503 and /healthz answers', async () => {
    const app = cluster({}, redisUrlAt(await closedPort()))();
    const [first, second] = await Promise.all([login(app, 'x@example.test'), login(app, 'y@example.test')]);
    expect([first.status, second.status]).toEqual([503, 503]);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

describe('createRedis', () => {
  it('fails to connect with a StackError naming the URL (password masked) and the purpose', async () => {
    const config = { redisUrl: `redis://:s3cret@127.0.0.1:${await closedPort()}/0`, redisPrefix: PREFIX };
    const client = createRedis(config, 'rate-limit-test');
    try {
      const error = await connectRedis(client).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(StackError);
      expect((error as StackError).code).toBe('REDIS_UNREACHABLE');
      expect((error as StackError).message).toMatch(/redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 is not reachable for rate-limit-test: .*ECONNREFUSED/);
      expect((error as StackError).message).not.toContain('s3cret');
      expect((error as StackError).hint).toContain('REDIS_URL');
    } finally {
      await closeRedisClients(config);
    }
  });

  it('refuses to make a client without REDIS_URL', () => {
    expect(() => createRedis({ redisUrl: undefined, redisPrefix: PREFIX }, 'x')).toThrow(/REDIS_URL is not set/);
  });

  it.skipIf(problem)('puts every key under the configured prefix', async () => {
    const config = { redisUrl: REDIS_URL, redisPrefix: `${PREFIX}prefix:` };
    const client = createRedis(config, 'prefix-test');
    const admin = new Redis(REDIS_URL);
    try {
      await connectRedis(client);
      await client.set('probe', '1', 'EX', 60);
      expect(await admin.get(`${PREFIX}prefix:probe`)).toBe('1');
    } finally {
      await admin.del(`${PREFIX}prefix:probe`);
      await admin.quit();
      await closeRedisClients(config);
    }
  });
});
