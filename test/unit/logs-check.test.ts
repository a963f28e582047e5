import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startServer, type TestServer } from './support/servers.js';
import { runYaml, step } from './support/scenarios.js';

/** A server that logs one JSON line per request, like the stack's pino logger (`?late=ms` delays it). */
let server: TestServer;
const lines: string[] = [];

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID();
    const status = url.pathname === '/private' ? 401 : 200;
    const line = JSON.stringify({ level: status >= 400 ? 'warn' : 'info', time: new Date().toISOString(), request_id: requestId, method: req.method, path: url.pathname, status, duration_ms: 1.5, req: { ip: '127.0.0.1' } });
    const late = Number(url.searchParams.get('late') ?? 0);
    if (late) setTimeout(() => lines.push(line), late);
    else lines.push(line);
    lines.push('not json: a banner line');
    sendJson(res, status, {}, { 'X-Request-Id': requestId });
  });
});

afterAll(() => server.close());

const scenario = (path: string, fields: string, within = 2000) => `name: logs
area: hardening
severity: major
steps:
  - id: call
    http: { url: "${path}" }
  - id: logged
    logs:
      request_id: "\${{ steps.call.request_id }}"
      within: ${within}
      fields:
${fields}`;

describe('logs check', () => {
  it('finds the JSON line carrying the request id and checks its fields', async () => {
    const result = await runYaml(scenario('/private', '        level: warn\n        method: GET\n        path: /private\n        status: 401\n        duration_ms: { type: number }\n        "$.req.ip": 127.0.0.1\n'), server.url, { logs: () => lines });
    const s = step(result, 'logged');
    expect(s.status).toBe('passed');
    expect(s.assertions.map((a) => a.label)).toEqual([
      `a JSON log line with request_id ${step(result, 'call').captures.request_id}`,
      'log field level',
      'log field method',
      'log field path',
      'log field status',
      'log field duration_ms',
      'log field $.req.ip',
    ]);
    expect(s.captures.line).toMatchObject({ path: '/private', status: 401 });
  });

  it('waits for a line the logger writes late', async () => {
    const result = await runYaml(scenario('/slow?late=150', '        path: /slow\n'), server.url, { logs: () => lines });
    expect(step(result, 'logged').status).toBe('passed');
  });

  it('fails with the actual value when a field differs, and when no line carries the id', async () => {
    const wrong = await runYaml(scenario('/ok', '        level: error\n'), server.url, { logs: () => lines });
    expect(step(wrong, 'logged').assertions[1]).toMatchObject({ label: 'log field level', expected: 'error', actual: 'info', passed: false });
    expect(step(wrong, 'logged').assertions[1].location?.line).toBe(12);

    const missing = await runYaml(scenario('/ok?late=5000', '        level: info\n', 100), server.url, { logs: () => lines });
    const s = step(missing, 'logged');
    expect(s.status).toBe('failed');
    expect(s.assertions[0].message).toMatch(/^no JSON log line carries request_id [0-9a-f-]{36} \(searched \d+ lines for 100 ms\)$/);
  });

  it('is skipped, not passed, against a target that exposes no logs', async () => {
    const result = await runYaml(scenario('/ok', '        level: info\n'), server.url);
    expect(step(result, 'logged')).toMatchObject({ status: 'skipped', reason: 'the target exposes no API logs (remote target); run against the embedded stack to check them', assertions: [] });
  });
});
