/**
 * The fuzzer can fail: a tiny Hono app with planted contract bugs (a 500 on a missing field,
 * text/plain errors, a 200 to an invalid body, a response off its documented schema, a route
 * open without credentials) is caught, class by class; a replay of a recorded seed sends the
 * same request again; and a correct app passes.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext, StepResult } from '../../model.js';
import { generateRequest } from './generate.js';
import { fuzzKind } from './index.js';
import { selectOperations } from './operations.js';
import { RequestSchemas } from './request-schemas.js';
import { runFuzz, type FuzzOptions } from './run.js';

const problem = { 'application/problem+json': { schema: { type: 'object', required: ['title', 'status'], properties: { title: { type: 'string' }, status: { type: 'integer' } } } } };
const item = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } };

/** The document both apps publish: items need a name; GET /items/{id} and /secret need a bearer. */
const DOC = {
  openapi: '3.1.0',
  info: { title: 'planted', version: '1' },
  components: { schemas: { Item: item, NewItem: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 50 } }, additionalProperties: false } } },
  paths: {
    '/items': {
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewItem' } } } },
        responses: { 201: { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } }, 400: { description: 'bad', content: problem }, 415: { description: 'type', content: problem }, 422: { description: 'invalid', content: problem } },
      },
    },
    '/items/{id}': {
      get: {
        security: [{ bearer: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'the item', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } }, 401: { description: 'who', content: problem }, 404: { description: 'none', content: problem } },
      },
    },
  },
};

const problemJson = (status: number, title: string) => new Response(JSON.stringify({ title, status }), { status, headers: { 'Content-Type': 'application/problem+json' } });

/** `planted`: every bug on; otherwise an app that keeps its contract. */
function app(planted: boolean): Hono {
  const app = new Hono();
  const items = new Map<string, string>();
  app.get('/docs/openapi.json', (c) => c.json(DOC));
  app.post('/auth/register', (c) => c.json({ access_token: 'fuzz-user-token' }, 201));
  app.post('/items', async (c) => {
    if (!/^application\/json\b/.test(c.req.header('content-type') ?? '')) return problemJson(415, 'Unsupported Media Type');
    let body: { name?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return planted ? c.text('bad json', 400) : problemJson(400, 'Bad Request');
    }
    if (planted) {
      // Accepts anything that has a name (any type), and crashes on a body without one.
      if (body === null || typeof body !== 'object') return c.json({ id: 'x', name: 'x' }, 201);
      const name = String((body.name as string).trim());
      const id = crypto.randomUUID();
      items.set(id, name);
      return c.json({ id, name: name.length }, 201);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 50 || Object.keys(body).length !== 1) return problemJson(422, 'Invalid');
    const id = crypto.randomUUID();
    items.set(id, body.name);
    return c.json({ id, name: body.name }, 201);
  });
  app.get('/items/:id', (c) => {
    if (!planted && c.req.header('authorization') !== 'Bearer fuzz-user-token') return problemJson(401, 'Unauthorized');
    const name = items.get(c.req.param('id'));
    if (name === undefined) return planted ? c.text('not found', 404) : problemJson(404, 'Not Found');
    return c.json({ id: c.req.param('id'), name });
  });
  app.onError((_, c) => c.text('Internal Server Error', 500));
  return app;
}

function listen(planted: boolean): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app(planted).fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}

const options = (url: string, extra: Partial<FuzzOptions> = {}): FuzzOptions => ({ baseUrls: [url], requests: 25, seed: 7, concurrency: 4, timeBoundMs: 2_000, allowUndocumented: [429], signal: AbortSignal.timeout(60_000), ...extra });

describe('fuzz against planted bugs', () => {
  let buggy: { server: ServerType; url: string };
  let correct: { server: ServerType; url: string };
  beforeAll(async () => {
    buggy = await listen(true);
    correct = await listen(false);
  });
  afterAll(() => {
    buggy.server.close();
    correct.server.close();
  });

  it('catches each planted bug in its failure class, with the seed and the request', async () => {
    const report = await runFuzz(DOC, options(buggy.url));
    expect(report.total).toBe(100);
    expect(report.failures['server-error']).toBeGreaterThan(0);
    expect(report.failures['not-problem-json']).toBeGreaterThan(0);
    expect(report.failures['accepted-malformed']).toBeGreaterThan(0);
    expect(report.failures['accepted-unauthenticated']).toBeGreaterThan(0);
    expect(report.failures['schema-mismatch']).toBeGreaterThan(0);
    const crash = report.records.find((r) => r.failures.some((f) => f.class === 'server-error'))!;
    expect(crash).toMatchObject({ operation: 'POST /items', class: 'malformed', seed: expect.any(Number) });
    expect(report.exchanges[crash.exchange]).toMatchObject({ request: { method: 'POST', url: `${buggy.url}/items` }, response: { status: 500 } });
    // Every failure is recorded; passing exchanges only as a sample.
    expect(report.records.filter((r) => r.failures.length).length).toBe(report.failedRequests);
    expect(report.exchanges.length).toBeLessThan(report.total);
  });

  it('replays a recorded failure from its seed: the same request, the same failure', async () => {
    const report = await runFuzz(DOC, options(buggy.url));
    const crash = report.records.find((r) => r.failures.some((f) => f.class === 'server-error'))!;
    const again = await runFuzz(DOC, options(buggy.url, { replay: [{ operation: crash.operation, class: crash.class, seed: crash.seed }] }));
    expect(again.total).toBe(1);
    expect(again.records[0].failures.map((f) => f.class)).toContain('server-error');
    expect(again.exchanges[0].request.body).toEqual(report.exchanges[crash.exchange].request.body);
  });

  it('generates the same request from the same seed, and a valid body the schema accepts', () => {
    const [op] = selectOperations(DOC).operations.filter((o) => o.key === 'POST /items');
    const ctx = { doc: DOC, schemas: new RequestSchemas(DOC), created: () => [] };
    expect(generateRequest(op, 'malformed', 99, ctx)).toEqual(generateRequest(op, 'malformed', 99, ctx));
    for (let seed = 0; seed < 50; seed++) {
      const valid = generateRequest(op, 'valid', seed, ctx);
      expect(ctx.schemas.bodyValid(op, JSON.parse(valid.body as string))).toBe(true);
    }
  });

  it('records a step that reevaluate recomputes from the pack, and catches a count edited after the run', async () => {
    const location = { file: 'x.yaml', line: 1, column: 1 };
    const ctx = { baseUrl: buggy.url, baseUrls: [buggy.url], interpolate: <T>(v: T) => v, previous: [], runExchanges: () => [], locate: () => location, signal: AbortSignal.timeout(60_000) } as CheckContext;
    const ran = await fuzzKind.run({ fuzz: { requests: 10, seed: 3 } }, ctx);
    expect(ran.status).toBe('failed');
    expect((ran.details as { summary: string }).summary).toMatch(/^40 requests \(valid 20, malformed 20\) over 2 operations: \d+ failed \(/);
    const step = { ...ran, id: 'fuzz', kind: 'fuzz', name: 'fuzz', location, startedAt: '', durationMs: 0 } as StepResult;
    const again = fuzzKind.reevaluate!(step, { logs: [], openapi: DOC });
    expect(again.problems).toEqual([]);
    expect(again.assertions.map((a) => [a.label, a.passed])).toEqual(step.assertions.map((a) => [a.label, a.passed]));
    const details = step.details as { failures: Record<string, number> };
    const edited = { ...step, details: { ...details, failures: { ...details.failures, 'server-error': 0 } } };
    expect(fuzzKind.reevaluate!(edited, { logs: [], openapi: DOC }).problems).toEqual([expect.stringMatching(/details count 0 server-error failures, the recorded exchanges hold [1-9]/)]);
  });

  it('never draws a dot segment as a path id (a URL resolves it onto another route)', async () => {
    for (const id of ['.', '..']) {
      const report = await runFuzz(DOC, options(correct.url, { replay: [{ operation: 'GET /items/{id}', class: 'valid', seed: 1, params: { id } }] }));
      expect(report.exchanges[0].request.url).toBe(`${correct.url}/items/${id}_`);
      expect(report.records[0].failures).toEqual([]);
    }
  });

  it('passes an app that keeps its contract', async () => {
    const report = await runFuzz(DOC, options(correct.url));
    expect(report.records.filter((r) => r.failures.length).map((r) => r.failures)).toEqual([]);
    expect(report.total).toBe(100);
  });
});
