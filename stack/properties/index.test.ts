/**
 * Router-level guarantees of the properties domain: authentication, roles, team isolation,
 * 404 for ids of any shape, and every route in the OpenAPI document.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { propertyRoutes } from './index.js';

const SEED = { address: '123 Demo St', city: 'Demo City', state: 'CA', zip: '90000' };

/** Every id route with a valid body, so only the id decides the answer. */
const ID_ROUTES: [string, (id: string) => string, unknown][] = [
  ['GET', (id) => `/properties/${id}`, undefined],
  ['PATCH', (id) => `/properties/${id}`, { price: 1 }],
  ['DELETE', (id) => `/properties/${id}`, undefined],
  ['POST', (id) => `/properties/${id}/stage`, { stage: 'lost' }],
  ['GET', (id) => `/properties/${id}/timeline`, undefined],
];

describe('properties router', () => {
  let t: TestApp;
  let owner: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  let property: Record<string, unknown> & { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.user({ role: 'agent' });
    viewer = await t.user({ role: 'viewer', teamId: owner.teamId });
    stranger = await t.user({ role: 'admin' });
    property = (await t.send('POST', '/properties', { token: owner.token, body: SEED })).body;
  });
  afterAll(() => t.close());

  const snapshot = async () => ({
    property: (await t.send('GET', `/properties/${property.id}`, { token: owner.token })).body,
    events: (await t.send('GET', `/properties/${property.id}/timeline`, { token: owner.token })).body.total,
  });

  it.each([['GET', '/properties', undefined], ['POST', '/properties', SEED], ...ID_ROUTES.map(([m, path, body]) => [m, path('x'), body])] as [string, string, unknown][])(
    '%s %s without a token is a 401 problem with WWW-Authenticate',
    async (method, path, body) => {
      const res = await t.send(method, path.replace('/x', `/${property.id}`), { body });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.body.status).toBe(401);
    },
  );

  it('answers the runbook’s 401 curl (detail without a token) without revealing the property', async () => {
    const res = await t.send('GET', `/properties/${property.id}`);
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(SEED.address);
  });

  it('lets a viewer read but not write', async () => {
    expect((await t.send('GET', '/properties', { token: viewer.token })).status).toBe(200);
    expect((await t.send('GET', `/properties/${property.id}`, { token: viewer.token })).status).toBe(200);
    expect((await t.send('GET', `/properties/${property.id}/timeline`, { token: viewer.token })).status).toBe(200);
    const before = await snapshot();
    const writes: [string, string, unknown][] = [
      ['POST', '/properties', SEED],
      ...ID_ROUTES.filter(([m]) => m !== 'GET').map(([m, path, body]) => [m, path(property.id), body] as [string, string, unknown]),
    ];
    for (const [method, path, body] of writes) {
      const res = await t.send(method, path, { token: viewer.token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await snapshot()).toEqual(before);
    expect((await t.send('GET', '/properties', { token: owner.token })).body.total).toBe(1);
  });

  it.each(ID_ROUTES)('another team gets 404 on %s and the property is unchanged', async (method, path, body) => {
    const before = await snapshot();
    const res = await t.send(method, path(property.id), { token: stranger.token, body });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, detail: `No property with id ${property.id}` });
    expect(await snapshot()).toEqual(before);
  });

  it('never lists another team’s property', async () => {
    const res = await t.send('GET', '/properties', { token: stranger.token });
    expect(res.body).toMatchObject({ items: [], total: 0 });
  });

  it.each(['nonexistent-id', '12345', 'a%20b', '%00', '%FF', "'%3B%20drop%20table%20properties%3B--", '%E2%98%83', 'x'.repeat(200)])(
    'answers id %s with a 404 problem on every id route',
    async (id) => {
      for (const [method, path, body] of ID_ROUTES) {
        const res = await t.send(method, path(id), { token: owner.token, body });
        expect(res.status, `${method} ${path(id)}`).toBe(404);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.body.status).toBe(404);
        expect(res.body.request_id).toEqual(expect.any(String));
      }
    },
  );

  it('documents every route under the properties tag with bearer auth', () => {
    // The router alone, mounted as app.ts mounts it: other domains' routes cannot break this check.
    const doc = new OpenAPIHono().route('/properties', propertyRoutes()).getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'properties', version: '0' } });
    const paths = doc.paths as Record<string, Record<string, { tags: string[]; security: unknown }>>;
    const operations = [
      ['/properties', 'get'],
      ['/properties', 'post'],
      ['/properties/{id}', 'get'],
      ['/properties/{id}', 'patch'],
      ['/properties/{id}', 'delete'],
      ['/properties/{id}/stage', 'post'],
      ['/properties/{id}/timeline', 'get'],
      ['/properties/{id}/images', 'post'],
      ['/properties/{id}/images', 'get'],
      ['/properties/{id}/images/{imageId}', 'get'],
      ['/properties/{id}/images/{imageId}', 'delete'],
      ['/properties/{id}/memo', 'post'],
    ];
    for (const [path, method] of operations) {
      const operation = paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.tags).toEqual(['properties']);
      expect(operation.security).toEqual([{ bearerAuth: [] }]);
    }
    expect(doc.components?.schemas?.Property).toBeDefined();
    // The data and workflow domains' per-property routes hang off this router too, under their own tags.
    const data = ['/properties/{id}/data-quality', '/properties/{id}/enrich', '/properties/{id}/propensity', '/properties/{id}/provenance', '/properties/{id}/signals'];
    for (const path of data) expect(Object.values(paths[path]).every((op) => op.tags[0] === 'data'), path).toBe(true);
    const workflow = ['/properties/{id}/next-best-actions/generate'];
    for (const path of workflow) expect(Object.values(paths[path]).every((op) => op.tags[0] === 'workflow'), path).toBe(true);
    expect(Object.keys(paths).filter((p) => !data.includes(p) && !workflow.includes(p)).sort()).toEqual(['/properties', '/properties/{id}', '/properties/{id}/images', '/properties/{id}/images/{imageId}', '/properties/{id}/memo', '/properties/{id}/stage', '/properties/{id}/timeline']);
  });
});
