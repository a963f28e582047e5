/**
 * `reos doctor` through the built CLI: a port this test occupies fails the API port check with
 * a fix hint and exit 1 (human and --json); free ports and no configured services pass.
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, removeTemps, runReos, STACK_FRAME, tempDir } from './helpers.js';

const servers: net.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  removeTemps();
});

async function occupy(): Promise<number> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe('reos doctor', { timeout: 60_000 }, () => {
  it('fails on a port another program holds, with the fix, exit 1', async () => {
    const port = await occupy();
    const env = { MAIL_SMTP_PORT: String(await freePort()), MAIL_HTTP_PORT: String(await freePort()) };
    const result = await runReos(['doctor', '--port', String(port)], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`FAIL  Port ${port} \\(API\\)\\s+already in use on 127\\.0\\.0\\.1 by another program`));
    expect(result.stdout).toContain(`fix: See who holds it with \`lsof -i :${port}\``);
    expect(result.stdout).toMatch(/PASS  Node\.js version/);
    expect(result.stdout).toMatch(/1 failed/);
    expect(result.stderr).not.toMatch(STACK_FRAME);

    const json = await runReos(['doctor', '--port', String(port), '--json'], { env });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c: { id: string }) => c.id === 'port-api')).toMatchObject({ status: 'fail', hint: expect.stringContaining('--port') });
  });

  it('reads the schema of an embedded database against this reos', async () => {
    const cwd = tempDir('reos-doctor-db-');
    const migrated = await runReos(['db', 'migrate', '--data-dir', 'data'], { cwd });
    expect(migrated.code, migrated.stderr).toBe(0);
    const result = await runReos(['doctor', '--data-dir', 'data', '--port', String(await freePort()), '--json'], { cwd });
    const check = JSON.parse(result.stdout).checks.find((c: { id: string }) => c.id === 'data-dir');
    expect(check).toMatchObject({ status: 'pass', detail: expect.stringMatching(/is writable; schema up to date \(\d+ migrations\)/) });
  });

  it('passes with free ports and nothing else configured (a Docker engine is only a warning)', async () => {
    const env = { MAIL_SMTP_PORT: String(await freePort()), MAIL_HTTP_PORT: String(await freePort()) };
    const result = await runReos(['doctor', '--port', String(await freePort()), '--json'], { env });
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.counts.fail).toBe(0);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(['node', 'port-api', 'port-smtp', 'port-mail', 'disk', 'data-dir', 'docker', 'stack']);
  });
});
