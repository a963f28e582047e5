/**
 * Inventory (OWASP API9): every route the router serves is in the OpenAPI document, and every
 * documented operation is served. Walks Hono's route table, so a route added without
 * `createRoute` fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

/** Routes that serve the documentation itself; documenting them would be circular. */
const UNDOCUMENTED = new Set(['GET /docs', 'GET /docs/openapi.json', 'GET /docs/assets/init.js', 'GET /docs/assets/:name']);

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.send('GET', '/docs/openapi.json')).body;
  });
  afterAll(() => t.close());

  const served = () =>
    t.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, path: r.path }))
      .filter((r) => !UNDOCUMENTED.has(`${r.method} ${r.path}`));

  it('is OpenAPI 3.1 with a bearer security scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(JSON.stringify(doc)).toContain('"bearerAuth"');
  });

  it('documents every served route', () => {
    const missing = served().filter((r) => !doc.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase()]);
    expect(missing).toEqual([]);
    expect(served().length).toBeGreaterThan(5);
  });

  it('serves every documented operation', () => {
    const routes = new Set(t.app.routes.map((r) => `${r.method} ${toOpenApiPath(r.path)}`));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.filter((op) => !routes.has(op))).toEqual([]);
  });

  it('declares a problem+json response for every documented error status', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops as Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400 && !path.startsWith('/health') && !['/ready', '/readyz'].includes(path)) {
            expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toContain('application/problem+json');
          }
        }
      }
    }
  });

  // Found by the contract fuzzer (docs/fuzz.md): a body that is not JSON is a 400 problem from
  // the JSON parser, before validation, on every operation that takes a JSON body.
  it('documents 400 on every operation with a JSON body, and answers it to a body that is not JSON', async () => {
    const undocumented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, { requestBody?: { content?: Record<string, unknown> }; responses: Record<string, unknown> }>)
        .filter(([, op]) => op.requestBody?.content?.['application/json'] && !op.responses['400'])
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undocumented).toEqual([]);
    const user = await t.user();
    const res = await t.app.request('/deals', { method: 'POST', headers: { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('serves the docs page and its assets without any external URL', async () => {
    const page = await t.send('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const src of page.text.match(/\/docs\/assets\/[\w.-]+/g) ?? []) {
      expect((await t.app.request(src)).status, src).toBe(200);
    }
  });
});
