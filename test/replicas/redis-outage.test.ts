/**
 * Redis going down under a running API, on a private redis-server this test starts on a free
 * port (never the machine's shared one): readiness turns 503 naming Redis, the login limiter
 * fails closed with a 503 problem+json (never a hang), the general limiter fails open so reads
 * still answer, and once Redis is back on the same port the process recovers by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../stack/config.js';
import { startStack, type RunningStack } from '../../stack/server.js';
import { createPgDatabase } from '../support/backend.js';
import { call, until } from '../support/outage-http.js';

const REDIS_SERVER = process.env.REOS_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';
const problem = fs.existsSync(REDIS_SERVER) ? undefined : `no redis-server at ${REDIS_SERVER} (set REOS_TEST_REDIS_SERVER)`;
if (problem && process.env.CI === 'true') throw new Error(`${problem}; CI=true requires it.`);
if (problem) console.warn(`\n[redis-outage] SKIPPED: ${problem}.\n`);


async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve(child);
    });
  });
}

function stopRedis(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe.skipIf(problem)('Redis down while the API runs', () => {
  let redis: ChildProcess;
  let port: number;
  let stack: RunningStack;
  let dropDatabase: () => Promise<void>;
  const account = { email: 'redis-outage@example.test', password: 'Outage-Pass-1' };
  let token: string;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const database = await createPgDatabase();
    dropDatabase = database.drop;
    // The mail catcher on free ports: test files run side by side.
    const env = { DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'silent', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0' };
    stack = await startStack({ config: { ...loadStackConfig(env, 'test'), host: '127.0.0.1', port: 0 } });
    expect((await call(stack.url, '/auth/register', { method: 'POST', body: JSON.stringify({ ...account, name: 'Outage' }) })).status).toBe(201);
    const login = await call(stack.url, '/auth/login', { method: 'POST', body: JSON.stringify(account) });
    expect(login.status).toBe(200);
    token = login.body!.access_token;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    if (redis) await stopRedis(redis);
    await dropDatabase?.();
  });

  it('turns readiness 503, fails the login limiter closed, and recovers when Redis returns', { timeout: 120_000 }, async () => {
    const before = await call(stack.url, '/ready');
    expect(before.status).toBe(200);
    expect(before.body!.checks['redis:responseTime'][0].status).toBe('pass');
    await stopRedis(redis);

    const ready = await until(() => call(stack.url, '/ready'), (r) => r.status === 503);
    expect(ready.status).toBe(503);
    expect(ready.body!.checks['redis:responseTime'][0]).toMatchObject({ status: 'fail' });
    expect(ready.body!.checks['postgres:responseTime'][0]).toMatchObject({ status: 'pass' });

    const login = await call(stack.url, '/auth/login', { method: 'POST', body: JSON.stringify(account) });
    expect(login.status).toBe(503);
    expect(login.headers.get('content-type')).toContain('application/problem+json');
    expect(login.body).toMatchObject({ status: 503 });
    // The general limit fails open: reads that need only the database still answer.
    expect((await call(stack.url, '/properties', { token })).status).toBe(200);

    redis = await startRedis(port);
    expect((await until(() => call(stack.url, '/ready'), (r) => r.status === 200)).status).toBe(200);
    const again = await until(() => call(stack.url, '/auth/login', { method: 'POST', body: JSON.stringify(account) }), (r) => r.status === 200, 50);
    expect(again.status).toBe(200);
  });
});
