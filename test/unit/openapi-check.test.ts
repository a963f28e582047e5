import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startServer, type TestServer } from './support/servers.js';
import { runYaml, step } from './support/scenarios.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const problem = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

function documentFor(version: string) {
  return {
    openapi: version,
    info: { title: 'Items', version: '1.0.0' },
    paths: {
      '/items': {
        get: { responses: { 200: { description: 'list', ...json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } }) } } },
        post: { responses: { 201: { description: 'created', ...json({ $ref: '#/components/schemas/Item' }) } } },
      },
      '/items/{id}': { get: { responses: { 200: { description: 'one', ...json({ $ref: '#/components/schemas/Item' }) }, '4XX': { description: 'problem', ...problem } } } },
      '/health': { get: { responses: { 200: { description: 'up' } } } },
      '/stream': { get: { responses: { 200: { description: 'events', content: { 'text/event-stream': { schema: { type: 'string' } } } } } } },
      '/flaky': { get: { responses: { 200: { description: 'sometimes' } } } },
    },
    components: {
      schemas: {
        Item: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' }, note: { type: 'string', nullable: true } } },
        Problem: { type: 'object', required: ['status'], properties: { status: { type: 'integer' } } },
      },
    },
  };
}

/** Serves the document above; `/flaky` answers 500 and `/items/bad` breaks the Item schema. */
let server: TestServer;
let version = '3.1.0';

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/openapi.json':
        return sendJson(res, 200, documentFor(version));
      case '/not-a-spec':
        return sendJson(res, 200, { swagger: '2.0', paths: [] });
      case '/items':
        return sendJson(res, 200, { items: [{ id: '1', name: 'one' }] });
      case '/items/1':
        return sendJson(res, 200, { id: '1', name: 'one', note: null });
      case '/items/bad':
        return sendJson(res, 200, { id: 2 });
      case '/items/missing':
        return sendJson(res, 404, { status: 404 }, { 'Content-Type': 'application/problem+json' });
      case '/health':
        res.writeHead(200);
        return res.end();
      case '/flaky':
        return sendJson(res, 500, { error: 'down' });
      case '/stream':
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        return res.write(': open\n\n'); // never ends: must not be probed
      default:
        return sendJson(res, 404, {});
    }
  });
});

afterAll(() => server.close());

const scenario = (first: string, spec: string) => `name: contract
area: health
severity: major
steps:
  - id: first
    http: { url: ${first} }
  - id: missing
    http: { url: /items/missing }
    expect: { status: 404 }
  - id: spec
    openapi:
${spec}    expect: { operations: { gte: 6 } }
`;

describe('openapi check', () => {
  it('counts operations, probes parameterless GETs and validates recorded responses', async () => {
    const yaml = scenario('/items/1', '      url: /openapi.json\n      skip: [/flaky]\n      bearer: probe-token\n').replace('  - id: spec\n', '  - id: listen\n    sse: { url: /stream, within: 20 }\n  - id: spec\n');
    const result = await runYaml(yaml, server.url);
    expect(step(result, 'listen').status).toBe('passed');
    const s = step(result, 'spec');
    expect(s.assertions.filter((a) => !a.passed)).toEqual([]);
    expect(s.status).toBe('passed');
    expect(s.captures).toMatchObject({ operations: 6, paths: 5, version: '3.1.0' });
    expect(s.assertions.map((a) => a.label)).toEqual([
      'spec reachable as JSON',
      'valid OpenAPI 3.x document',
      'documented operations',
      'GET /items answers without a 5xx',
      'GET /health answers without a 5xx',
      'GET /items/{id} 200 responses match the spec',
      'GET /items/{id} 404 responses match the spec',
      'GET /items 200 responses match the spec',
    ]);
    const probes = server.requests.filter((r) => r.url === '/items' || r.url === '/health');
    expect(probes.every((r) => r.headers.authorization === 'Bearer probe-token')).toBe(true);
    // The stream was opened once by the sse step (never probed), and its frames are not validated as a document.
    expect(server.requests.filter((r) => r.url === '/stream')).toHaveLength(1);
    expect(s.details).toMatchObject({ operationCount: 6, probed: 2, validatedResponses: 3 });
  });

  it('fails a GET that answers 5xx and a recorded response that breaks its schema', async () => {
    const result = await runYaml(scenario('/items/bad', '      url: /openapi.json\n'), server.url);
    const s = step(result, 'spec');
    expect(s.status).toBe('failed');
    const failed = s.assertions.filter((a) => !a.passed);
    expect(failed.map((a) => [a.label, a.actual])).toEqual([
      ['GET /flaky answers without a 5xx', 500],
      ['GET /items/{id} 200 responses match the spec', '0 valid'],
    ]);
    expect(failed[1].message).toBe(`/items/bad: (body) must have required property 'name'; /id must be string`);
    expect(failed[0].location?.line).toBe(12);
  });

  it('validates a 3.0 document too (nullable included)', async () => {
    version = '3.0.3';
    try {
      const result = await runYaml(scenario('/items/1', '      url: /openapi.json\n      probe: false\n'), server.url);
      const s = step(result, 'spec');
      expect(s.captures.version).toBe('3.0.3');
      expect(s.assertions.find((a) => a.label === 'GET /items/{id} 200 responses match the spec')?.passed).toBe(true);
    } finally {
      version = '3.1.0';
    }
  });

  it('fails a document that is not OpenAPI 3.x, and a spec URL that is not there', async () => {
    const invalid = await runYaml(scenario('/items/1', '      url: /not-a-spec\n'), server.url);
    const s = step(invalid, 'spec');
    expect(s.assertions.find((a) => a.label === 'valid OpenAPI 3.x document')).toMatchObject({
      passed: false,
      actual: ['openapi is undefined, expected a 3.x version string', 'info is missing', 'paths is not an object'],
    });
    const absent = await runYaml(scenario('/items/1', '      url: /nothing.json\n'), server.url);
    expect(step(absent, 'spec').assertions).toMatchObject([{ label: 'spec reachable as JSON', actual: 404, passed: false }]);
  });
});
