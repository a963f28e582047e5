/**
 * Every shipped scenario against two API replicas on PostgreSQL + Redis, the way `reos verify
 * --target A,B` checks a `--replicas 2` deployment: the verify library runs in process, the
 * replicas are real processes (test/support/replica-main.ts) on a private database and Redis
 * prefix. The scenario list is read from scenarios/ like `reos verify` does, so a new scenario
 * file is picked up with no change here. Replica B sends its mail to A's catcher, the one
 * --mail-url points at, whichever replica's worker delivers a campaign; both replicas' JSON logs
 * (their stdout) are handed to verify, so the `logs` steps run too.
 *
 * The auth limits are the defaults: every scenario registers and logs in from 127.0.0.1, and
 * the Redis-held budget is shared by both replicas, exactly as in production. The inventory
 * read after the run uses REOS_TOKEN (a viewer token signed with the mock secret) so it spends
 * no registration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../stack/auth/tokens.js';
import { loadStackConfig } from '../../stack/config.js';
import { loadEnvironment } from '../../src/runtime/env.js';
import { verify, type VerifyOutcome } from '../../src/verify/index.js';
import { SCENARIO_AUTH_BUDGETS } from '../../src/verify/embedded.js';
import { createPgDatabase } from '../support/backend.js';

const REDIS_URL = process.env.REOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `reos-test:${crypto.randomBytes(4).toString('hex')}:`;
const root = path.resolve(import.meta.dirname, '../..');

interface Replica {
  url: string;
  mail?: { smtpPort: number; httpUrl: string };
  child: ChildProcess;
}

/** Every JSON log line the replicas write after their ready line, for the `logs` steps. */
const logs: string[] = [];

function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/replica-main.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('replica did not start within 90 s')), 90_000);
    child.once('exit', (code) => reject(new Error(`replica exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      // The ready line is the one without a log level; every other line is a pino log line.
      const parsed = JSON.parse(line) as { level?: unknown; url?: string; mail?: Replica['mail'] };
      if (parsed.level !== undefined || typeof parsed.url !== 'string') return void logs.push(line);
      clearTimeout(timer);
      resolve({ url: parsed.url, mail: parsed.mail, child });
    });
  });
}

describe('every shipped scenario on two replicas (PostgreSQL + Redis)', () => {
  const replicas: Replica[] = [];
  let dropDatabase: (() => Promise<void>) | undefined;
  let outcome: VerifyOutcome;
  let seconds: number;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-replica-packs-'));

  beforeAll(async () => {
    const database = await createPgDatabase();
    dropDatabase = database.drop;
    // The per-client sign-up and login budgets the embedded run uses (every scenario signs up its
    // own team from this one address); every other limit keeps its default.
    const budgets = { RATE_LIMIT_LOGIN: `${SCENARIO_AUTH_BUDGETS.login}/60`, RATE_LIMIT_AUTH_STRICT: `${SCENARIO_AUTH_BUDGETS['auth-strict']}/60` };
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'info', ...budgets };
    const a = await startReplica(env);
    replicas.push(a);
    expect(a.mail, 'replica A runs the mail catcher').toBeDefined();
    replicas.push(await startReplica({ ...env, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(a.mail!.smtpPort) }));
    const { env: cliEnv } = loadEnvironment({ cwd: root });
    const config = loadStackConfig({}, 'test');
    const token = await signAccessToken(config.jwt, { id: crypto.randomUUID(), teamId: crypto.randomUUID(), role: 'viewer' });
    const began = performance.now();
    outcome = await verify({
      cwd: root,
      env: { ...cliEnv, REOS_TOKEN: token },
      version: 'test',
      targets: replicas.map((r) => r.url),
      scenarios: [],
      areas: [],
      tags: [],
      bail: false,
      concurrency: 4,
      out,
      readyTimeoutMs: 30_000,
      mailUrl: a.mail!.httpUrl,
      failOn: 'no-go',
      targetLogs: logs,
    });
    seconds = Math.round((performance.now() - began) / 100) / 10;
    console.log(`shipped scenarios on two replicas: ${seconds} s, ${outcome.summary.counts.scenarios.total} scenarios, coverage ${outcome.summary.coverage?.percent}%`);
  }, 300_000);

  afterAll(async () => {
    for (const replica of replicas) {
      if (replica.child.exitCode === null) {
        replica.child.kill('SIGTERM');
        await new Promise((r) => replica.child.once('exit', r));
      }
    }
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await dropDatabase?.();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('runs them all: none failed, none skipped for a missing capability', () => {
    const shipped = fs.readdirSync(path.join(root, 'scenarios')).filter((f) => f.endsWith('.yaml'));
    const { summary } = outcome;
    expect(summary.scenarios).toHaveLength(shipped.length);
    const notPassed = summary.scenarios.filter((s) => s.status !== 'passed').map((s) => ({ name: s.name, status: s.status, failures: s.steps.flatMap((st) => st.failures.map((f) => `${st.id}: ${f.label} ${f.message ?? ''}`)), reasons: s.steps.map((st) => st.reason).filter(Boolean) }));
    expect(notPassed).toEqual([]);
    expect(summary.verdict).toBe('GO');
    expect(outcome.exitCode).toBe(0);
  });

  it('records the deployment’s inventory: PostgreSQL and Redis are real, mail stays with the catcher', () => {
    const inventory = JSON.parse(fs.readFileSync(path.join(outcome.pack.dir, 'inventory.json'), 'utf8'));
    expect(inventory.unavailable).toEqual([]);
    const providers = Object.fromEntries(inventory.providers.map((p: { name: string; kind: string; mode: string }) => [p.name, `${p.kind}:${p.mode}`]));
    expect(providers).toMatchObject({ database: 'postgres:real', mail: 'catcher:mock' });
    expect(inventory.components).toContainEqual(expect.objectContaining({ name: 'event-bus', mode: 'redis' }));
    expect(inventory.components).toContainEqual(expect.objectContaining({ name: 'rate-limit-store', mode: 'redis' }));
  });

  it('stays within the time budget (about 3 minutes)', () => {
    expect(seconds).toBeLessThan(180);
  });
});
