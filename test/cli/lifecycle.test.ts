/**
 * The background lifecycle end to end: `reos up --detach`, `status`, `logs`, `down`, each as
 * the built CLI in a private temporary cwd (so `.reos/` is its own) on a free port.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort, isRunning, killAll, removeTemps, runReos, STACK_FRAME, STACK_TIMEOUT, tempDir } from './helpers.js';

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
