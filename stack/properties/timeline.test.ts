import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

describe('GET /properties/{id}/timeline', () => {
  let t: TestApp;
  let agent: TestUser;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    id = (await t.send('POST', '/properties', { token: agent.token, body: { address: '3 Oak Ct', city: 'Tulsa', state: 'OK', zip: '74103' } })).body.id;
    await t.send('PATCH', `/properties/${id}`, { token: agent.token, body: { price: 210000 } });
    await t.send('POST', `/properties/${id}/stage`, { token: agent.token, body: { stage: 'outreach' } });
  });
  afterAll(() => t.close());

  const timeline = (query = '') => t.send('GET', `/properties/${id}/timeline${query}`, { token: agent.token });

  it('lists created, updated and stage_changed newest first in the page envelope', async () => {
    const res = await timeline();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, limit: 20, offset: 0, next_cursor: null });
    expect(res.body.items.map((e: { kind: string }) => e.kind)).toEqual(['stage_changed', 'updated', 'created']);
    expect(res.body.items[2]).toEqual({ id: expect.any(String), kind: 'created', data: { stage: 'new' }, actor_id: agent.id, created_at: expect.any(String) });
    expect(res.body.items[1].data).toEqual({ changes: { price: { from: null, to: 210000 } } });
    expect(res.body.items[0].data).toEqual({ from: 'new', to: 'outreach', note: null });
  });

  it('pages with limit and offset', async () => {
    const all = (await timeline()).body.items.map((e: { id: string }) => e.id);
    const page = await timeline('?limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.body.items.map((e: { id: string }) => e.id)).toEqual([all[1]]);
  });

  it('answers limit=101 with 422 naming limit', async () => {
    const res = await timeline('?limit=101');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ parameter: 'limit' })]);
  });

  it('is readable by a viewer of the team', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    const res = await t.send('GET', `/properties/${id}/timeline`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
  });
});
