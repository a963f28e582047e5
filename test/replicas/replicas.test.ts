/**
 * Two API processes on one PostgreSQL database and one Redis (a key prefix of their own), the
 * shape `--replicas 2` runs behind a load balancer. Proves what must hold across replicas:
 * the login limit is admitted once in total, an idempotency key used on A replays on B, and an
 * event caused on A reaches a stream held on B. Runs in the `replicas` vitest project, which
 * exists only when PostgreSQL and Redis answer (required under CI=true).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { createInterface } from 'node:readline';
import { createParser } from 'eventsource-parser';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../support/backend.js';

const REDIS_URL = process.env.REOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `reos-test:${crypto.randomBytes(4).toString('hex')}:`;

interface Replica {
  url: string;
  child: ChildProcess;
}

function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/replica-main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('replica did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`replica exited early with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
  });
}

async function call(url: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as any) : undefined };
}

describe('two API replicas on one PostgreSQL and one Redis', () => {
  let a: Replica;
  let b: Replica;
  let dropDatabase: () => Promise<void>;
  let token: string;

  beforeAll(async () => {
    const database = await createPgDatabase();
    dropDatabase = database.drop;
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_LOGIN: '6/60',
      RATE_LIMIT_LOGIN_ACCOUNT: '100/60',
    };
    a = await startReplica(env);
    b = await startReplica(env);
    const email = `replica-${crypto.randomUUID()}@example.test`;
    expect((await call(a.url, 'POST', '/auth/register', { body: { email, password: 'Replica-Pass-1', name: 'Replica' } })).status).toBe(201);
    const login = await call(b.url, 'POST', '/auth/login', { body: { email, password: 'Replica-Pass-1' } });
    expect(login.status).toBe(200);
    token = login.body.access_token;
  }, 120_000);

  afterAll(async () => {
    for (const replica of [a, b]) {
      if (replica?.child.exitCode === null) {
        replica.child.kill('SIGTERM');
        await new Promise((r) => replica.child.once('exit', r));
      }
    }
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await dropDatabase?.();
  });

  it('admits the login limit once in total, not once per replica', async () => {
    // One login was spent in beforeAll; 5 remain of 6 for this client across both replicas.
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(i % 2 ? b.url : a.url, 'POST', '/auth/login', { body: { email: 'nobody@example.test', password: 'wrong-password' } }),
      ),
    );
    const statuses = attempts.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const limited = attempts.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('replays an idempotency key used on A when it is sent again to B', async () => {
    const key = crypto.randomUUID();
    const body = { address: '456 Idempotent Ave', city: 'Test City', state: 'CA', zip: '90001' };
    const first = await call(a.url, 'POST', '/properties', { token, body, headers: { 'Idempotency-Key': key } });
    const second = await call(b.url, 'POST', '/properties', { token, body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const list = await call(b.url, 'GET', '/properties?q=Idempotent', { token });
    expect(list.body.total).toBe(1);
  });

  it('delivers an event caused on A to a stream held on B', async () => {
    const sse = await call(b.url, 'GET', '/sse/token', { token });
    expect(sse.status).toBe(200);
    const controller = new AbortController();
    const stream = await fetch(`${b.url}/sse/stream?token=${encodeURIComponent(sse.body.token)}`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    const received: { event?: string; data: string }[] = [];
    const parser = createParser({ onEvent: (e) => received.push({ event: e.event, data: e.data }) });
    const reading = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream.body!) parser.feed(decoder.decode(chunk, { stream: true }));
    })().catch(() => undefined);
    const created = await call(a.url, 'POST', '/properties', { token, body: { address: '9 Replica Rd', city: 'Fanout', state: 'CA', zip: '90002' } });
    expect(created.status).toBe(201);
    const deadline = Date.now() + 10_000;
    let event: { event?: string; data: string } | undefined;
    while (!event && Date.now() < deadline) {
      event = received.find((e) => e.event === 'property.created' && e.data.includes(created.body.id));
      if (!event) await new Promise((r) => setTimeout(r, 50));
    }
    controller.abort();
    await reading;
    expect(event, 'property.created from replica A on a stream held by replica B').toBeDefined();
  });
});
