/**
 * The doctor's checks against real sockets and folders: a port occupied by this test fails
 * with a fix hint, a free one passes, a stale lock warns, a file as data directory fails, and
 * unreachable PostgreSQL / Redis fail. No fixed ports: every port is picked by the OS.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDataDir } from './data-dir.js';
import { runDoctor } from './index.js';
import { checkPostgres, checkRedis } from './services.js';
import { checkNode, checkPort } from './system.js';

const servers: net.Server[] = [];
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

async function occupiedPort(): Promise<number> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-doctor-'));
  temps.push(dir);
  return dir;
}

describe('doctor checks', () => {
  it('fails a port another program holds, with a hint naming it and the flag', async () => {
    const port = await occupiedPort();
    const check = await checkPort({ id: 'port-api', label: 'API', port, host: '127.0.0.1', setting: '--port' });
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('already in use');
    expect(check.hint).toContain(`lsof -i :${port}`);
    expect(check.hint).toContain('--port');
  });

  it('passes a free port, and a port held by the running reos stack', async () => {
    expect((await checkPort({ id: 'p', label: 'API', port: await closedPort(), host: '127.0.0.1', setting: '--port' })).status).toBe('pass');
    const held = await checkPort({ id: 'p', label: 'API', port: await occupiedPort(), host: '127.0.0.1', setting: '--port', ownedBy: 'the running reos stack (pid 1)' });
    expect(held).toMatchObject({ status: 'pass', detail: 'in use by the running reos stack (pid 1)' });
  });

  it('fails a Node.js older than 20.19', () => {
    expect(checkNode('20.18.3').status).toBe('fail');
    expect(checkNode('20.19.0').status).toBe('pass');
    expect(checkNode('22.1.0').status).toBe('pass');
  });

  it('reads the data directory: missing, a file, a stale lock', async () => {
    const dir = tempDir();
    expect((await checkDataDir(path.join(dir, 'new'))).status).toBe('pass');
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    expect(await checkDataDir(path.join(dir, 'file'))).toMatchObject({ status: 'fail', detail: expect.stringContaining('is a file') });
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'reos.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const stale = await checkDataDir(data);
    expect(stale.status).toBe('warn');
    expect(stale.detail).toContain('stale lock');
    fs.writeFileSync(path.join(data, 'reos.lock'), JSON.stringify({ pid: process.pid }));
    expect(await checkDataDir(data)).toMatchObject({ status: 'pass', detail: expect.stringContaining(`pid ${process.pid}`) });
  });

  it('fails PostgreSQL and Redis that do not answer', async () => {
    const pg = await checkPostgres(`postgres://postgres@127.0.0.1:${await closedPort()}/x`, 1_000);
    expect(pg).toMatchObject({ status: 'fail', detail: expect.stringContaining('ECONNREFUSED') });
    const redis = await checkRedis(`redis://127.0.0.1:${await closedPort()}`, 1_000);
    expect(redis).toMatchObject({ status: 'fail', detail: expect.stringContaining('ECONNREFUSED') });
  });

  it('runDoctor is not ok when the API port is taken, and counts every line', async () => {
    const port = await occupiedPort();
    const report = await runDoctor({ env: { MAIL_SMTP_PORT: String(await closedPort()), MAIL_HTTP_PORT: String(await closedPort()) }, dataDir: path.join(tempDir(), 'd'), port, docker: false });
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.id === 'port-api')?.status).toBe('fail');
    expect(report.checks.find((c) => c.id === 'port-smtp')?.status).toBe('pass');
    expect(report.counts.pass + report.counts.warn + report.counts.fail).toBe(report.checks.length);
    expect(report.checks.map((c) => c.id)).toEqual(['node', 'port-api', 'port-smtp', 'port-mail', 'disk', 'data-dir', 'stack']);
  });
});
