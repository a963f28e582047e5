/**
 * Services mode end to end through the built CLI: `reos up --services --replicas 2 --detach` on
 * the machine's PostgreSQL (a database of its own) and Redis (a key prefix of its own), on two
 * free consecutive ports; `status`, `logs --component`, a second start, the cross-replica
 * scenarios through `verify --target A --target B`, and `down`. Skipped with one line when
 * PostgreSQL or Redis is missing, except under CI=true. The bad-input cases that need neither
 * (a taken port, PostgreSQL unreachable, a hand-edited state file) always run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ADMIN_URL, createPgDatabase } from '../support/backend.js';
import { redisOrSkip, TEST_REDIS_URL } from '../support/services.js';
import { freePort, isRunning, killAll, removeTemps, root, runReos, spawnReos, STACK_FRAME, STACK_TIMEOUT, tempDir, waitReady } from './helpers.js';

async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    const why = `PostgreSQL is not reachable at ${ADMIN_URL} (${(error as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires it.`);
    console.warn(`\n[services] SKIPPED: ${why}.\n`);
    return why;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const missing = (await postgresProblem()) ?? (await redisOrSkip('services'));

/** A base port whose next one is free too (replicas listen on consecutive ports). */
async function twoFreePorts(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65_535 && (await canListen(port + 1))) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function holdPort(port: number): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** oclif wraps error text at the terminal width behind ` › ` and may inverse-video it: one line again. */
const flat = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ');

const cwds: string[] = [];
afterEach(async () => {
  for (const cwd of cwds.splice(0)) await runReos(['down', '--timeout', '5'], { cwd });
  await killAll();
});
afterAll(removeTemps);

describe('reos up --services: bad input', () => {
  it('names the port of the range that is taken, and starts nothing', { timeout: STACK_TIMEOUT }, async () => {
    const base = await twoFreePorts();
    const blocker = await holdPort(base + 1);
    try {
      const cwd = tempDir();
      const result = await runReos(['up', '--services', '--replicas', '2', '--port', String(base), '--detach'], { cwd });
      expect(result.code).toBe(3);
      expect(flat(result.stderr)).toContain(`Port ${base + 1} on 127.0.0.1, needed by api-2, is already in use`);
      expect(fs.existsSync(path.join(cwd, '.reos', 'state.json'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('says PostgreSQL is unreachable in one message with a hint (exit 3)', { timeout: STACK_TIMEOUT }, async () => {
    const port = await twoFreePorts();
    const result = await runReos(['up', '--services', '--port', String(port), '--database-url', 'postgres://postgres:secret@127.0.0.1:1/nothing', '--detach']);
    expect(result.code).toBe(3);
    expect(flat(result.stderr)).toContain('PostgreSQL is not reachable at postgres://postgres:***@127.0.0.1:1/nothing: connect ECONNREFUSED');
    expect(result.stderr).not.toContain('secret');
    expect(flat(result.stderr)).toMatch(/Try this: Start PostgreSQL/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('treats a hand-edited state file (not JSON, wrong shape) as stale and removes it', { timeout: STACK_TIMEOUT }, async () => {
    const cwd = tempDir();
    const file = path.join(cwd, '.reos', 'state.json');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, '{"mode": "services", "components": [');
    const notJson = await runReos(['status', '--json'], { cwd });
    expect(notJson.code).toBe(1);
    expect(JSON.parse(notJson.stdout)).toMatchObject({ running: false, stale: { reason: 'the state file is not valid JSON', cleaned: true } });
    expect(fs.existsSync(file)).toBe(false);
    // A pid that is alive (this test) must not be trusted, let alone killed, from a bad file.
    fs.writeFileSync(file, JSON.stringify({ mode: 'services', components: [{ name: 'api-1', kind: 'api', pid: process.pid }] }));
    const down = await runReos(['down', '--json'], { cwd });
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout).stale.reason).toMatch(/wrong shape/);
    expect(fs.existsSync(file)).toBe(false);
    expect(isRunning(process.pid)).toBe(true);
  });
});

describe.skipIf(missing)('reos up --services --replicas 2 on PostgreSQL and Redis', () => {
  it('starts two replicas in the background, proves the cross-replica scenarios, and stops them', { timeout: 2 * STACK_TIMEOUT }, async () => {
    const database = await createPgDatabase();
    const prefix = `reos-test:${crypto.randomBytes(4).toString('hex')}:`;
    const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const cwd = tempDir();
    cwds.push(cwd);
    try {
      const base = await twoFreePorts();
      const urls = [`http://127.0.0.1:${base}`, `http://127.0.0.1:${base + 1}`];
      // DATABASE_URL in the environment implies services mode; --replicas says how many.
      const up = await runReos(['up', '--replicas', '2', '--port', String(base), '--detach', '--timeout', '120', '--json'], { cwd, env });
      expect(up.code, up.stderr).toBe(0);
      const started = JSON.parse(up.stdout) as { mode: string; components: { name: string; pid: number; url?: string }[] };
      expect(started.mode).toBe('services');
      const apis = started.components.filter((c) => c.name.startsWith('api-'));
      expect(apis.map((c) => c.url)).toEqual(urls);
      for (const url of urls) expect((await fetch(`${url}/ready`)).status).toBe(200);

      const status = await runReos(['status', '--json'], { cwd });
      expect(status.code).toBe(0);
      const components = (JSON.parse(status.stdout) as { components: { name: string; health: string; pid?: number }[] }).components;
      expect(components.map((c) => [c.name, c.health])).toEqual(expect.arrayContaining([['api-1', 'pass'], ['api-2', 'pass'], ['database', 'pass'], ['redis', 'pass']]));

      const again = await runReos(['up', '--replicas', '2', '--port', String(base), '--detach'], { cwd, env });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`already running (services, 2 replica(s) from ${urls[0]})`);

      const replicaScenarios = ['idempotency', 'rate-limit', 'sse'].map((name) => path.join(root, 'scenarios', `services-replicas-${name}.yaml`));
      const verify = await runReos(['verify', '--target', urls[0], '--target', urls[1], ...replicaScenarios.flatMap((file) => ['--scenarios', file]), '--json', '--out', path.join(cwd, 'evidence')], { cwd });
      const summary = JSON.parse(verify.stdout) as { scenarios: { name: string; status: string }[] };
      expect(summary.scenarios.map((s) => [s.name, s.status]).sort()).toEqual([
        ['services-replicas-idempotency', 'passed'],
        ['services-replicas-rate-limit', 'passed'],
        ['services-replicas-sse', 'passed'],
      ]);
      expect(verify.code).toBe(0);

      // One target: the same scenarios are reported as not run, with the reason.
      const single = await runReos(['verify', '--target', urls[0], ...replicaScenarios.flatMap((file) => ['--scenarios', file]), '--json', '--out', path.join(cwd, 'evidence')], { cwd });
      const skipped = JSON.parse(single.stdout) as { scenarios: { status: string; steps: { reason?: string }[] }[] };
      expect(skipped.scenarios.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
      expect(skipped.scenarios[0].steps[0].reason).toContain('requires replicas');

      const logs = await runReos(['logs', '--component', 'api-2', '--json'], { cwd });
      expect(logs.code).toBe(0);
      const lines = logs.stdout.trim().split('\n').map((line) => JSON.parse(line) as { url?: string; msg: string });
      expect(lines.find((l) => l.msg === 'stack ready')?.url).toBe(urls[1]);

      const down = await runReos(['down', '--json'], { cwd });
      expect(down.code).toBe(0);
      const stopped = JSON.parse(down.stdout) as { stopped: boolean; components: { name: string; how: string }[] };
      expect(stopped.stopped).toBe(true);
      expect(stopped.components.filter((c) => c.name.startsWith('api-')).map((c) => c.how)).toEqual(['sigterm', 'sigterm']);
      for (const c of started.components) expect(isRunning(c.pid)).toBe(false);
      expect(fs.existsSync(path.join(cwd, '.reos', 'state.json'))).toBe(false);
    } finally {
      await runReos(['down', '--timeout', '5'], { cwd });
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await database.drop();
    }
  });

  it('in the foreground, streams the logs of every replica and stops them all on Ctrl+C', { timeout: STACK_TIMEOUT }, async () => {
    const database = await createPgDatabase();
    const prefix = `reos-test:${crypto.randomBytes(4).toString('hex')}:`;
    const cwd = tempDir();
    try {
      const base = await twoFreePorts();
      const proc = spawnReos(['up', '--services', '--replicas', '2', '--port', String(base)], { cwd, env: { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix } });
      await waitReady(`http://127.0.0.1:${base}`, proc);
      await waitReady(`http://127.0.0.1:${base + 1}`, proc);
      const stateFile = path.join(cwd, '.reos', 'state.json');
      for (let i = 0; i < 100 && !fs.existsSync(stateFile); i++) await new Promise((r) => setTimeout(r, 100));
      const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { supervisor_pid: number; components: { pid: number }[] };
      expect(state.supervisor_pid).toBe(proc.child.pid);
      // The merged stream (not a TTY: JSON lines tagged with their component).
      // Each replica's lines come through its own pipe: wait for both, in whichever order they arrive.
      const seenBoth = () => proc.stdout().includes('"component":"api-1"') && proc.stdout().includes('"component":"api-2"');
      for (let i = 0; i < 150 && !seenBoth(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(proc.stdout()).toContain('"component":"api-1"');
      expect(proc.stdout()).toContain('"component":"api-2"');

      proc.child.kill('SIGINT');
      const exited = await proc.exited;
      expect(exited.code, exited.stderr).toBe(0);
      // Two replicas and the job worker.
      expect(exited.stderr).toContain('Received SIGINT: stopping 3 process(es).');
      for (const c of state.components) expect(isRunning(c.pid)).toBe(false);
      expect(fs.existsSync(stateFile)).toBe(false);
      for (const name of ['api-1', 'api-2']) expect(fs.readFileSync(path.join(cwd, '.reos', 'logs', `${name}.jsonl`), 'utf8')).toContain('"stack stopped"');
    } finally {
      await database.drop();
    }
  });

  it('says Redis is unreachable in one message with a hint (exit 3)', { timeout: STACK_TIMEOUT }, async () => {
    const database = await createPgDatabase();
    try {
      const port = await twoFreePorts();
      const result = await runReos(['up', '--services', '--port', String(port), '--redis-url', 'redis://127.0.0.1:1', '--detach'], { env: { DATABASE_URL: database.url } });
      expect(result.code).toBe(3);
      expect(flat(result.stderr)).toContain('Redis is not reachable at redis://127.0.0.1:1: connect ECONNREFUSED');
      expect(flat(result.stderr)).toMatch(/Try this: Start Redis/);
    } finally {
      await database.drop();
    }
  });
});
