/**
 * `reos inventory` through the built CLI: the bundled stack (started and stopped by the
 * command), another API that has an OpenAPI document but no /inventory, and a target that does
 * not answer (exit 3 with a hint).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, removeTemps, runReos, STACK_FRAME, STACK_TIMEOUT } from './helpers.js';

const foreignDoc = {
  openapi: '3.0.3',
  info: { title: 'Pets', version: '1' },
  tags: [{ name: 'pets' }],
  paths: { '/pets': { get: { tags: ['pets'] }, post: { tags: ['pets'] } }, '/pets/{id}': { delete: { tags: ['pets'] } }, '/ping': { get: {} } },
};
let foreign: http.Server;
let foreignUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  foreign = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/docs/openapi.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(foreignDoc));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => foreign.close(resolve));
  removeTemps();
});

describe('reos inventory', { timeout: STACK_TIMEOUT }, () => {
  it('reads the bundled stack: operations by domain, tables, components, providers', async () => {
    const env = { MAIL_SMTP_PORT: String(await freePort()), MAIL_HTTP_PORT: String(await freePort()) };
    const json = await runReos(['inventory', '--json'], { env });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ format: 'reos-inventory', target: 'embedded', unavailable: [] });
    expect(report.operations.domains.map((d: { domain: string }) => d.domain)).toEqual(expect.arrayContaining(['health', 'auth', 'properties', 'inventory']));
    expect(report.operations.total).toBe(report.operations.domains.reduce((n: number, d: { total: number }) => n + d.total, 0));
    expect(report.tables.tables.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['users', 'properties']));
    expect(Object.fromEntries(report.providers.map((p: { name: string; mode: string }) => [p.name, p.mode]))).toEqual({ mail: 'mock', sms: 'mock', storage: 'mock', database: 'mock' });

    const human = await runReos(['inventory'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/DOMAIN\s+GET\s+POST\s+PATCH\s+PUT\s+DELETE\s+OTHER\s+TOTAL/);
    expect(human.stdout).toMatch(new RegExp(`TOTAL\\s+(\\d+\\s+){6}${report.operations.total}`));
    expect(human.stdout).toMatch(/Providers:\n\s+mail\s+catcher\s+mock/);
  });

  it('lists another API’s operations from its OpenAPI document and says the rest is unavailable', async () => {
    const result = await runReos(['inventory', '--target', foreignUrl, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.operations).toMatchObject({ total: 4, methods: { GET: 2, POST: 1, DELETE: 1 } });
    expect(report.operations.domains).toEqual([
      { domain: 'pets', total: 3, methods: { GET: 1, POST: 1, DELETE: 1 } },
      { domain: 'untagged', total: 1, methods: { GET: 1 } },
    ]);
    expect(report.tables).toBeUndefined();
    expect(report.unavailable.join(' ')).toContain('documents no GET /inventory');
    // No account is registered on an API that documents no /inventory.
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
  });

  it('exits 3 with a hint when the target does not answer', async () => {
    const port = await freePort();
    const result = await runReos(['inventory', '--target', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`http://127.0.0.1:${port} is unreachable: ECONNREFUSED`);
    expect(result.stderr).toContain('reos status');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
