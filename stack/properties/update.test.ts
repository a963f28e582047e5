import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

const BASE = { address: '10 Main St', city: 'Reno', state: 'NV', zip: '89501', price: 400000, bedrooms: 3, owner_name: 'Pat Lee' };

describe('PATCH /properties/{id}', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const create = async () => (await t.send('POST', '/properties', { token: agent.token, body: BASE })).body;
  const patch = (id: string, body: unknown, headers?: Record<string, string>) => t.send('PATCH', `/properties/${id}`, { token: agent.token, body, headers });
  const timeline = async (id: string) => (await t.send('GET', `/properties/${id}/timeline`, { token: agent.token })).body.items;

  it('changes the sent fields, bumps updated_at and the ETag, and records only real changes', async () => {
    const created = await create();
    const res = await patch(created.id, { price: 425000, bedrooms: 3, city: 'Reno', owner_name: null, property_type: 'townhouse' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...BASE, price: 425000, owner_name: null, property_type: 'townhouse', stage: 'new' });
    expect(res.headers.get('etag')).toBe('"v2"');
    expect(Date.parse(res.body.updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
    expect(res.body.created_at).toBe(created.created_at);
    const [event] = await timeline(created.id);
    expect(event).toMatchObject({
      kind: 'updated',
      actor_id: agent.id,
      data: { changes: { price: { from: 400000, to: 425000 }, owner_name: { from: 'Pat Lee', to: null }, property_type: { from: null, to: 'townhouse' } } },
    });
    expect(Object.keys(event.data.changes).sort()).toEqual(['owner_name', 'price', 'property_type']);
    expect((await t.send('GET', `/properties/${created.id}`, { token: agent.token })).body).toEqual(res.body);
  });

  it('writes and records nothing when no value changes', async () => {
    const created = await create();
    const res = await patch(created.id, { price: 400000, address: ' 10 Main St ' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
    expect(res.headers.get('etag')).toBe('"v1"');
    expect((await timeline(created.id)).map((e: { kind: string }) => e.kind)).toEqual(['created']);
  });

  it('refuses an empty body with 422', async () => {
    const created = await create();
    const res = await patch(created.id, {});
    expect(res.status).toBe(422);
    expect(res.body.errors[0].detail).toBe('Send at least one field to change.');
  });

  it('refuses a stage field with 422 pointing at /stage and naming the stage route', async () => {
    const created = await create();
    const res = await patch(created.id, { stage: 'qualified' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ pointer: '/stage', detail: expect.stringContaining('POST /properties/{id}/stage') }]);
    expect((await t.send('GET', `/properties/${created.id}`, { token: agent.token })).body.stage).toBe('new');
  });

  it('refuses unknown fields, invalid values and clearing a required field with 422', async () => {
    const created = await create();
    const unknown = await patch(created.id, { price: 1, team_id: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.some((e: { detail: string; pointer?: string }) => e.detail.includes('team_id') && typeof e.pointer === 'string')).toBe(true);
    const invalid = await patch(created.id, { address: null, bedrooms: 2.5 });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/address', '/bedrooms']);
    expect((await t.send('GET', `/properties/${created.id}`, { token: agent.token })).body).toEqual(created);
  });

  it('honours If-Match: the current ETag passes, a stale one gets 412 and changes nothing', async () => {
    const created = await create();
    const first = await patch(created.id, { bedrooms: 4 }, { 'If-Match': '"v1"' });
    expect(first.status).toBe(200);
    const stale = await patch(created.id, { bedrooms: 5 }, { 'If-Match': '"v1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.headers.get('etag')).toBe('"v2"');
    expect((await t.send('GET', `/properties/${created.id}`, { token: agent.token })).body.bedrooms).toBe(4);
  });

  it('lets exactly one of two concurrent PATCHes carrying the same ETag through', async () => {
    const created = await create();
    const results = await Promise.all([patch(created.id, { bedrooms: 7 }, { 'If-Match': '"v1"' }), patch(created.id, { bedrooms: 8 }, { 'If-Match': '"v1"' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await t.send('GET', `/properties/${created.id}`, { token: agent.token })).body.bedrooms).toBe(winner.body.bedrooms);
  });
});
