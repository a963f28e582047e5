/**
 * `reos up` end to end: the built CLI in a child process on a free port, driven over HTTP and
 * stopped with real signals, as an operator or a CI job would.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort, isRunning, killAll, removeTemps, runReos, spawnReos, STACK_FRAME, STACK_TIMEOUT, tempDir, waitReady } from './helpers.js';

afterEach(killAll);
afterAll(removeTemps);

describe('reos up --ephemeral', () => {
  it('serves the API, prints the banner, and stops cleanly on SIGTERM', { timeout: STACK_TIMEOUT }, async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const up = spawnReos(['up', '--ephemeral', '--port', String(port)]);
    await waitReady(url, up);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const spec = (await (await fetch(`${url}/docs/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\.1/);
    expect(Object.keys(spec.paths)).toContain('/ready');

    up.child.kill('SIGTERM');
    const result = await up.exited;
    expect(result.code).toBe(0);
    expect(isRunning(up.child.pid!)).toBe(false);
    for (const text of [url, `${url}/docs`, `${url}/docs/openapi.json`, 'pglite memory', 'Press Ctrl+C to stop']) {
      expect(result.stderr).toContain(text);
    }
    expect(result.stderr).toMatch(/Startup\s+\d+ ms/);
    // The API's log lines are JSON on stdout, including the request we made.
    const logs = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; path?: string });
    expect(logs.some((line) => line.path === '/healthz')).toBe(true);
    expect(logs.at(-1)?.msg).toBe('stack stopped');
  });

  it('prints one JSON line when ready under --json and keeps logs on stderr', { timeout: STACK_TIMEOUT }, async () => {
    const port = await freePort();
    const up = spawnReos(['up', '--ephemeral', '--port', String(port), '--json']);
    await waitReady(`http://127.0.0.1:${port}`, up);
    up.child.kill('SIGINT');
    const result = await up.exited;
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const ready = JSON.parse(lines[0]);
    expect(ready).toMatchObject({
      url: `http://127.0.0.1:${port}`,
      docs_url: `http://127.0.0.1:${port}/docs`,
      openapi_url: `http://127.0.0.1:${port}/docs/openapi.json`,
      database: { kind: 'pglite', location: 'memory' },
      pid: up.child.pid,
    });
    expect(ready.startup_ms).toBeTypeOf('number');
    expect(result.stderr).toContain('"msg":"stack ready"');
  });

  it('runs the mail catcher on the ports given by flags, and mail sent to it shows in its MailHog API', { timeout: STACK_TIMEOUT }, async () => {
    const [port, smtpPort, httpPort] = [await freePort(), await freePort(), await freePort()];
    const up = spawnReos(['up', '--ephemeral', '--port', String(port), '--mail-smtp-port', String(smtpPort), '--mail-http-port', String(httpPort), '--json']);
    await waitReady(`http://127.0.0.1:${port}`, up);
    const { createTransport } = await import('nodemailer');
    await createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }).sendMail({
      from: 'agent@reos.local',
      to: 'jane@example.com',
      subject: 'New 3BR Home in SF',
      text: 'Open house on Sunday.',
    });
    const page = (await (await fetch(`http://127.0.0.1:${httpPort}/api/v2/messages`)).json()) as { total: number; items: Array<{ Content: { Headers: Record<string, string[]> } }> };
    expect(page.total).toBe(1);
    expect(page.items[0].Content.Headers.Subject).toEqual(['New 3BR Home in SF']);
    up.child.kill('SIGTERM');
    const result = await up.exited;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim()).mail).toEqual({
      smtp_port: smtpPort,
      inbox_url: `http://127.0.0.1:${httpPort}`,
      api_url: `http://127.0.0.1:${httpPort}/api/v2/messages`,
    });
    // Both sides are closed with the stack.
    await expect(fetch(`http://127.0.0.1:${httpPort}/api/v2/messages`)).rejects.toThrow();
  });

  it('refuses to start when the mail catcher\'s port is taken, naming the setting to change', { timeout: STACK_TIMEOUT }, async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runReos(['up', '--ephemeral', '--port', String(await freePort()), '--mail-http-port', String(taken)]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`Port ${taken}`);
      expect(result.stderr).toMatch(/MAIL_HTTP_PORT|--mail-http-port/);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    } finally {
      blocker.close();
    }
  });

  it('exits 1 at once on a second signal during shutdown', { timeout: STACK_TIMEOUT }, async () => {
    const port = await freePort();
    const up = spawnReos(['up', '--ephemeral', '--port', String(port)]);
    await waitReady(`http://127.0.0.1:${port}`, up);
    // A request whose headers never finish keeps the server draining, so shutdown is in progress.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    up.child.kill('SIGTERM');
    await until(() => up.stderr().includes('Received SIGTERM'));
    up.child.kill('SIGTERM');
    const result = await up.exited;
    socket.destroy();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('without a clean shutdown');
  });

  it('refuses a port that is taken, naming it and the flag', { timeout: STACK_TIMEOUT }, async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const result = await runReos(['up', '--ephemeral', '--port', String(port)]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(String(port));
      expect(result.stderr).toContain('--port');
      expect(result.stderr).not.toMatch(STACK_FRAME);
    } finally {
      blocker.close();
    }
  });
});

describe('reos up with a data directory', () => {
  it('migrates it, locks it while running, releases it on stop, and starts again on it', { timeout: STACK_TIMEOUT }, async () => {
    const dataDir = path.join(tempDir(), 'data');
    const lockFile = path.join(dataDir, 'reos.lock');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;

    const first = spawnReos(['up', '--data-dir', dataDir, '--port', String(port)]);
    await waitReady(url, first);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(first.child.pid);

    const second = await runReos(['up', '--data-dir', dataDir, '--port', String(await freePort())]);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('in use');
    expect(second.stderr).not.toMatch(STACK_FRAME);

    const status = await runReos(['db', 'status', '--data-dir', dataDir]);
    expect(status.code).toBe(3);
    expect(status.stderr).toContain('in use');

    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);

    const after = await runReos(['db', 'status', '--data-dir', dataDir, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ backend: 'pglite', exists: true, pending: 0, unknown: 0 });

    const again = spawnReos(['up', '--data-dir', dataDir, '--port', String(port)]);
    await waitReady(url, again);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('reads REOS_DATA_DIR from a .env file in the working folder', { timeout: STACK_TIMEOUT }, async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, '.env'), 'REOS_DATA_DIR=from-dotenv\n');
    const port = await freePort();
    const up = spawnReos(['up', '--port', String(port), '--json'], { cwd });
    await waitReady(`http://127.0.0.1:${port}`, up);
    up.child.kill('SIGTERM');
    const result = await up.exited;
    expect(result.code).toBe(0);
    const ready = JSON.parse(result.stdout);
    expect(ready.database.location).toBe(path.join(fs.realpathSync(cwd), 'from-dotenv', 'pgdata'));
    expect(ready.env_files[0]).toBe(path.join(fs.realpathSync(cwd), '.env'));
  });
});

/** Bounded wait for a condition on a child's output (fails the test instead of hanging). */
async function until(condition: () => boolean, attempts = 300): Promise<void> {
  for (let i = 0; i < attempts && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
}
