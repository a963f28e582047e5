import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, sendJson, startServer, type TestServer } from './support/servers.js';
import { runYaml, step } from './support/scenarios.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/login') {
      sendJson(res, 200, { token_type: 'Bearer', access_token: 'tok-123', user: { id: 7, roles: ['admin'] } }, { 'X-Request-Id': 'req-1', Location: '/users/7' });
    } else if (url.pathname === '/echo') {
      sendJson(res, 200, { method: req.method, query: Object.fromEntries(url.searchParams), headers: req.headers, body: req.body });
    } else if (url.pathname === '/text') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('order=ABC-123; status=open');
    } else if (url.pathname === '/boom') {
      sendJson(res, 500, { error: 'boom' });
    } else {
      sendJson(res, 404, { status: 404 }, { 'Content-Type': 'application/problem+json' });
    }
  });
});

afterAll(() => server.close());

describe('http check', () => {
  it('asserts status, headers, JSONPath, JSON Schema, body and time, and captures for later steps', async () => {
    const result = await runYaml(
      `name: http-pass
area: auth
severity: major
steps:
  - id: login
    http: { method: POST, url: /login, json: { email: a@b.c } }
    expect:
      status: 2xx
      headers:
        Content-Type: { contains: json }
        Location: /users/7
        X-Missing: { exists: false }
      jsonpath:
        "$.token_type": Bearer
        "$.user.id": { type: integer, gte: 7 }
        "$.user.roles": { contains: admin, length: 1 }
      schema:
        type: object
        required: [access_token]
        properties: { access_token: { type: string } }
      body: { matches: "tok-123" }
      maxMs: 10000
    capture:
      token: { jsonpath: "$.access_token" }
      user: { jsonpath: "$.user" }
      where: { header: Location, regex: "/users/(\\\\d+)" }
  - id: use
    http:
      method: PUT
      url: /echo
      query: { page: 2 }
      bearer: "\${{ steps.login.token }}"
      headers: { X-From: "user-\${{ steps.login.where }}" }
      json: { user: "\${{ steps.login.user }}", id: "\${{ steps.login.user.id }}", rid: "\${{ steps.login.request_id }}" }
    expect:
      jsonpath:
        "$.method": PUT
        "$.query.page": "2"
        "$.headers.authorization": Bearer tok-123
        "$.headers.x-from": user-7
        "$.headers.content-type": application/json
  - id: text
    http: { url: /text }
    capture:
      order: { regex: "order=([A-Z]+-\\\\d+)" }
`,
      server.url,
    );
    expect(result.status).toBe('passed');
    const login = step(result, 'login');
    expect(login.assertions.every((a) => a.passed)).toBe(true);
    expect(login.assertions.length).toBeGreaterThanOrEqual(11);
    expect(login.captures).toEqual({ status: 200, request_id: 'req-1', token: 'tok-123', user: { id: 7, roles: ['admin'] }, where: '7' });
    expect(login.exchanges[0]).toMatchObject({ request: { method: 'POST', body: { email: 'a@b.c' } }, response: { status: 200, body: { token_type: 'Bearer' } } });
    const echoed = JSON.parse(server.requests.find((r) => r.url.startsWith('/echo'))!.body);
    // A whole-value reference keeps its type: an object and a number, not strings.
    expect(echoed).toEqual({ user: { id: 7, roles: ['admin'] }, id: 7, rid: 'req-1' });
    expect(step(result, 'text').captures.order).toBe('ABC-123');
  });

  it('records actual vs expected with the YAML line of each failed assertion', async () => {
    const result = await runYaml(
      `name: http-fail
area: auth
severity: major
steps:
  - id: login
    http: { url: /login }
    expect:
      status: 201
      jsonpath:
        "$.token_type": { eq: bearer }
        "$.user.id": { gt: 10 }
      schema: { type: object, required: [refresh_token] }
    capture:
      missing: { jsonpath: "$.refresh_token" }
`,
      server.url,
    );
    expect(result.status).toBe('failed');
    const failed = step(result, 'login').assertions.filter((a) => !a.passed);
    const view = failed.map((a) => ({ label: a.label, op: a.op, expected: a.expected, actual: a.actual, line: a.location?.line, column: a.location?.column }));
    expect(view).toEqual([
      { label: 'status', op: 'eq', expected: 201, actual: 200, line: 8, column: 15 },
      { label: '$.token_type', op: 'eq', expected: 'bearer', actual: 'Bearer', line: 10, column: 31 },
      { label: '$.user.id', op: 'gt', expected: 10, actual: 7, line: 11, column: 28 },
      { label: 'body matches JSON Schema', op: 'schema', expected: 'valid', actual: ["(body) must have required property 'refresh_token'"], line: 12, column: 15 },
      { label: 'capture missing', op: 'capture', expected: { jsonpath: '$.refresh_token' }, actual: undefined, line: 14, column: 16 },
    ]);
    expect(failed[0].message).toBe('expected status 201, got 200');
    expect(failed[0].location?.file).toBe('scenario.yaml');
  });

  it('fails a 5xx when the step states no status', async () => {
    const result = await runYaml('name: five\narea: a\nseverity: minor\nsteps:\n  - id: boom\n    http: { url: /boom }\n', server.url);
    expect(step(result, 'boom')).toMatchObject({ status: 'failed', assertions: [{ label: 'status (implicit: not 5xx)', actual: 500, passed: false }] });
  });

  it('sends form and raw bodies as written', async () => {
    const result = await runYaml(
      `name: bodies
area: a
severity: minor
steps:
  - id: form
    http: { method: POST, url: /echo, form: { a: 1, b: "x y" } }
    expect:
      jsonpath:
        "$.body": a=1&b=x+y
        "$.headers.content-type": application/x-www-form-urlencoded
  - id: raw
    http: { method: POST, url: /echo, raw: "<x/>", headers: { Content-Type: application/xml } }
    expect:
      jsonpath:
        "$.body": <x/>
        "$.headers.content-type": application/xml
  - id: repeated
    http: { method: POST, url: /echo, raw: { repeat: ab, times: 3000 }, headers: { Content-Type: text/plain } }
    expect:
      jsonpath:
        "$.body": { length: 6000, matches: "^(ab)+$" }
`,
      server.url,
    );
    expect(result.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    // The pack records what was sent, not the padding itself.
    expect(step(result, 'repeated').exchanges[0].request.body).toBe('[6000 bytes: "ab" repeated 3000 times]');
  });

  it('makes each step an error naming the URL when the target is unreachable', async () => {
    const port = await closedPort();
    const result = await runYaml('name: down\narea: a\nseverity: minor\nsteps:\n  - id: one\n    http: { url: /healthz }\n  - id: two\n    http: { url: /ready }\n', `http://127.0.0.1:${port}`);
    expect(result.status).toBe('failed');
    expect(result.steps.map((s) => s.status)).toEqual(['error', 'error']);
    expect(step(result, 'one').reason).toBe(`connection refused to http://127.0.0.1:${port}/healthz (is the API running and listening there?)`);
    expect(step(result, 'one').exchanges[0].error).toContain('connection refused');
  });
});
