/**
 * The background lifecycle end to end: `reos up --detach`, `status`, `logs`, `down`, each as
 * the built CLI in a private temporary cwd (so `.reos/` is its own) on a free port.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT, freePort, isRunning, killAll, removeTemps, runReos, spawnReos, STACK_FRAME, STACK_TIMEOUT, tempDir } from './helpers.js';

const started: string[] = [];

afterEach(async () => {
  // Whatever a test left in the background: `reos down`, then SIGKILL if the state file survived.
  for (const cwd of started.splice(0)) {
    const stateFile = path.join(cwd, '.reos', 'state.json');
    const pid = fs.existsSync(stateFile) ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { pid: number }).pid : undefined;
    await runReos(['down', '--timeout', '5'], { cwd });
    if (pid && isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
  await killAll();
});
afterAll(removeTemps);

async function upDetached(port: number, extra: string[] = []) {
  const cwd = tempDir();
  started.push(cwd);
  const result = await runReos(['up', '--detach', '--ephemeral', '--port', String(port), ...extra], { cwd });
  return { cwd, result };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('reos up --detach / status / logs / down', () => {
  it('runs the stack in the background until `reos down`', { timeout: STACK_TIMEOUT }, async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { cwd, result } = await upDetached(port);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(url);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const state = JSON.parse(fs.readFileSync(path.join(cwd, '.reos', 'state.json'), 'utf8')) as { pid: number; url: string };
    expect(state).toMatchObject({ url, port, ephemeral: true, database: { kind: 'pglite', location: 'memory' } });
    expect(isRunning(state.pid)).toBe(true);

    const status = await runReos(['status', '--json'], { cwd });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, api: { pid: state.pid, url, health: 'pass' }, database: { kind: 'pglite' } });

    const again = await runReos(['up', '--detach', '--ephemeral', '--port', String(port)], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`already running at ${url} (pid ${state.pid})`);

    await (await fetch(`${url}/healthz`, { headers: { 'X-Request-Id': 'lifecycle-req-1' } })).body?.cancel();
    const logs = await runReos(['logs', '--json', '--request-id', 'lifecycle-req-1'], { cwd });
    expect(logs.code).toBe(0);
    const lines = logs.stdout.trim().split('\n').map((line) => JSON.parse(line) as { request_id: string; path: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ request_id: 'lifecycle-req-1', path: '/healthz' });

    const down = await runReos(['down', '--json'], { cwd });
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ stopped: true, pid: state.pid });
    expect(isRunning(state.pid)).toBe(false);
    expect(fs.existsSync(path.join(cwd, '.reos', 'state.json'))).toBe(false);
    expect(await portFree(port)).toBe(true);

    const after = await runReos(['status', '--json'], { cwd });
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout)).toEqual({ running: false });
  });

  it('reports a state file naming a dead pid as stale, and removes it', { timeout: STACK_TIMEOUT }, async () => {
    const cwd = tempDir();
    // A process that existed and is gone: its pid is dead (and, right after, not reused).
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    fs.mkdirSync(path.join(cwd, '.reos'));
    const stateFile = path.join(cwd, '.reos', 'state.json');
    fs.writeFileSync(stateFile, JSON.stringify({ pid: gone.pid, url: 'http://127.0.0.1:1', port: 1 }));

    const status = await runReos(['status'], { cwd });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('stale');
    expect(status.stdout).toContain(String(gone.pid));
    expect(fs.existsSync(stateFile)).toBe(false);

    fs.writeFileSync(stateFile, JSON.stringify({ pid: gone.pid, url: 'http://127.0.0.1:1', port: 1 }));
    const down = await runReos(['down', '--json'], { cwd });
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ stopped: false, stale: { pid: gone.pid, cleaned: true } });
    expect(fs.existsSync(stateFile)).toBe(false);
  });

  it('treats a live pid that neither answers nor is reos as stale', { timeout: STACK_TIMEOUT }, async () => {
    const cwd = tempDir();
    const other = spawn('sleep', ['30']);
    try {
      fs.mkdirSync(path.join(cwd, '.reos'));
      const stateFile = path.join(cwd, '.reos', 'state.json');
      fs.writeFileSync(stateFile, JSON.stringify({ pid: other.pid, url: `http://127.0.0.1:${await freePort()}`, port: 1 }));
      const status = await runReos(['status', '--json'], { cwd });
      expect(status.code).toBe(1);
      expect(JSON.parse(status.stdout)).toMatchObject({ running: false, stale: { pid: other.pid, cleaned: true } });
      expect(fs.existsSync(stateFile)).toBe(false);
      expect(isRunning(other.pid!)).toBe(true);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('forces with SIGKILL a reos process that ignores SIGTERM past --timeout', { timeout: STACK_TIMEOUT }, async () => {
    const cwd = tempDir();
    // Looks like reos (its command line says so) but never answers HTTP and ignores SIGTERM.
    const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)", 'reos', 'up'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => stubborn.once('exit', (_code, signal) => resolve(signal)));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      fs.mkdirSync(path.join(cwd, '.reos'));
      const state = { pid: stubborn.pid, url: `http://127.0.0.1:${await freePort()}`, port: 1, started_at: new Date().toISOString(), database: { kind: 'pglite', location: 'memory' } };
      fs.writeFileSync(path.join(cwd, '.reos', 'state.json'), JSON.stringify(state));
      const status = await runReos(['status', '--json'], { cwd });
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ running: true, api: { pid: stubborn.pid, health: 'unreachable' } });
      const down = await runReos(['down', '--timeout', '1', '--json'], { cwd });
      expect(down.code).toBe(0);
      expect(JSON.parse(down.stdout)).toMatchObject({ stopped: true, pid: stubborn.pid, how: 'sigkill' });
      expect(await exited).toBe('SIGKILL');
      expect(fs.existsSync(path.join(cwd, '.reos', 'state.json'))).toBe(false);
    } finally {
      stubborn.kill('SIGKILL');
    }
  });

  it('exits 3 with the log lines when the port is taken', { timeout: STACK_TIMEOUT }, async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const { cwd, result } = await upDetached(port, ['--timeout', '30']);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('before it was ready');
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(fs.existsSync(path.join(cwd, '.reos', 'state.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('says so when there is nothing to stop, and when there are no logs', { timeout: STACK_TIMEOUT }, async () => {
    const cwd = tempDir();
    const down = await runReos(['down'], { cwd });
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('Nothing is running');
    const status = await runReos(['status'], { cwd });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('Nothing is running');
    const logs = await runReos(['logs'], { cwd });
    expect(logs.code).toBe(1);
    expect(logs.stderr).toContain('No logs');
  });
});

describe('reos logs', () => {
  const line = (time: string, level: string, extra: Record<string, unknown>) => JSON.stringify({ level, time, service: 'reos-api', ...extra });
  const recent = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  function logFolder(): string {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.reos', 'logs'), { recursive: true });
    const lines = [
      line(recent(1), 'info', { request_id: 'r-2', method: 'GET', path: '/healthz', status: 200, duration_ms: 1.5, msg: 'request completed' }),
      'reos 0.1.0 is up (embedded, pid 1)',
      line(recent(120), 'info', { msg: 'stack ready' }),
      line(recent(2), 'warn', { request_id: 'r-1', method: 'POST', path: '/leads', status: 422, duration_ms: 7, msg: 'request rejected' }),
    ];
    fs.writeFileSync(path.join(cwd, '.reos', 'logs', 'api.jsonl'), `${lines.join('\n')}\n`);
    return cwd;
  }

  it('merges in time order, formats for people, and filters by level, time and request', { timeout: CLI_TIMEOUT }, async () => {
    const cwd = logFolder();
    const all = await runReos(['logs'], { cwd });
    expect(all.code).toBe(0);
    const rows = all.stdout.trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('stack ready');
    expect(rows[1]).toMatch(/WARN\s+POST \/leads 422 7 ms\s+r-1$/);
    expect(rows[2]).toMatch(/INFO\s+GET \/healthz 200 1.5 ms\s+r-2$/);

    const warn = await runReos(['logs', '--json', '--level', 'warn'], { cwd });
    expect(warn.stdout.trim().split('\n').map((row) => JSON.parse(row).request_id)).toEqual(['r-1']);
    const since = await runReos(['logs', '--json', '--since', '1h'], { cwd });
    expect(since.stdout.trim().split('\n').map((row) => JSON.parse(row).request_id)).toEqual(['r-1', 'r-2']);
    const one = await runReos(['logs', '--json', '--request-id', 'r-2', '--component', 'api'], { cwd });
    expect(one.stdout.trim().split('\n').map((row) => JSON.parse(row).path)).toEqual(['/healthz']);

    const bad = await runReos(['logs', '--since', 'yesterday-ish'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since');
  });

  it('--follow prints appended lines until Ctrl+C', { timeout: CLI_TIMEOUT }, async () => {
    const cwd = logFolder();
    const file = path.join(cwd, '.reos', 'logs', 'api.jsonl');
    const follow = spawnReos(['logs', '--follow', '--json', '--level', 'error'], { cwd });
    const append = (msg: string) => fs.appendFileSync(file, `${line(recent(0), 'error', { msg })}\n`);
    const until = async (text: string, tick?: () => void) => {
      for (const deadline = Date.now() + 20_000; !follow.stdout().includes(text) && Date.now() < deadline; ) {
        tick?.();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    // Once anything is printed the command has read the file and is following it, so a line
    // appended after that can only arrive by following.
    await until('"before"', () => append('before'));
    append('after');
    await until('"after"');
    follow.child.kill('SIGINT');
    const result = await follow.exited;
    expect(result.code).toBe(0);
    const messages = result.stdout.trim().split('\n').map((row) => JSON.parse(row).msg as string);
    expect(messages.at(-1)).toBe('after');
    expect(new Set(messages)).toEqual(new Set(['before', 'after']));
  });
});
