import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

describe('GET /properties/{id}', () => {
  let t: TestApp;
  let agent: TestUser;
  let created: Record<string, unknown> & { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    created = (await t.send('POST', '/properties', { token: agent.token, body: { address: '123 Demo St', city: 'Demo City', state: 'CA', zip: '90000' } })).body;
  });
  afterAll(() => t.close());

  it('answers the runbook’s detail curl with the property and a strong ETag', async () => {
    const res = await t.send('GET', `/properties/${created.id}`, { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual(created);
    expect(res.headers.get('etag')).toBe('"v1"');
  });

  it('answers 304 without a body for a matching If-None-Match, and 200 once it changed', async () => {
    const same = await t.send('GET', `/properties/${created.id}`, { token: agent.token, headers: { 'If-None-Match': 'W/"v1"' } });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    expect(same.headers.get('etag')).toBe('"v1"');
    await t.send('PATCH', `/properties/${created.id}`, { token: agent.token, body: { bedrooms: 2 } });
    const changed = await t.send('GET', `/properties/${created.id}`, { token: agent.token, headers: { 'If-None-Match': '"v1"' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"v2"');
  });
});

describe('DELETE /properties/{id}', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const create = async () => (await t.send('POST', '/properties', { token: agent.token, body: { address: '8 Gone Rd', city: 'Boise', state: 'ID', zip: '83702' } })).body;

  it('answers 204, after which the property and its timeline are 404 and gone from the list', async () => {
    const { id } = await create();
    const res = await t.send('DELETE', `/properties/${id}`, { token: agent.token });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await t.send('GET', `/properties/${id}`, { token: agent.token })).status).toBe(404);
    expect((await t.send('GET', `/properties/${id}/timeline`, { token: agent.token })).status).toBe(404);
    expect((await t.send('DELETE', `/properties/${id}`, { token: agent.token })).status).toBe(404);
    const list = await t.send('GET', '/properties', { token: agent.token });
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
  });

  it('refuses a stale If-Match with 412 and keeps the property', async () => {
    const { id } = await create();
    await t.send('PATCH', `/properties/${id}`, { token: agent.token, body: { sqft: 900 } });
    const stale = await t.send('DELETE', `/properties/${id}`, { token: agent.token, headers: { 'If-Match': '"v1"' } });
    expect(stale.status).toBe(412);
    expect((await t.send('GET', `/properties/${id}`, { token: agent.token })).status).toBe(200);
    expect((await t.send('DELETE', `/properties/${id}`, { token: agent.token, headers: { 'If-Match': '"v2"' } })).status).toBe(204);
  });
});
