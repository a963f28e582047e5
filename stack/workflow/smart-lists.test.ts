import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { properties } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';

describe('/workflow/smart-lists', () => {
  let t: TestApp;
  let owner: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.user({ role: 'admin' });
    stranger = await t.user({ role: 'admin' });
  });
  afterAll(() => t.close());

  const property = async (body: Record<string, unknown>, user = owner) => {
    const res = await t.send('POST', '/properties', { token: user.token, body: { city: 'Austin', state: 'TX', zip: '78701', ...body } });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const saveList = async (filters: Record<string, unknown>) => (await t.send('POST', '/workflow/smart-lists', { token: owner.token, body: { name: 'List', filters } })).body.id as string;
  const matches = async (listId: string, query = '') => {
    const res = await t.send('GET', `/workflow/smart-lists/${listId}/properties${query}`, { token: owner.token });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  it('refuses unknown fields, wrong types and inverted ranges with a 422 at each pointer', async () => {
    const send = (body: unknown) => t.send('POST', '/workflow/smart-lists', { token: owner.token, body });
    expectInvalid(await send({ name: 'x', filters: { colour: 'red' } }), '/filters/colour');
    expectInvalid(await send({ name: 'x', filters: { stages: ['sold'] } }), '/filters/stages/0');
    expectInvalid(await send({ name: 'x', filters: { min_price: 10, max_price: 5 } }), '/filters/max_price');
    expectInvalid(await send({ name: 'x' }), '/filters');
  });

  it('evaluates every filter live against the team’s properties', async () => {
    const big = await property({ address: '1 Big Rd', price: 800000, bedrooms: 4, property_type: 'condo', stage: 'outreach' });
    const small = await property({ address: '2 Small Rd', price: 300000, bedrooms: 2 });
    const unpriced = await property({ address: '3 Unpriced Rd', city: 'austin' });
    await property({ address: '4 Stranger Rd', price: 800000, bedrooms: 4 }, stranger);
    await t.send('POST', '/leads', { token: owner.token, body: { name: 'Linked', property_id: small } });
    await t.database.db.update(properties).set({ createdAt: new Date(Date.now() - 40 * 86400_000) }).where(eq(properties.id, unpriced));

    const ids = async (filters: Record<string, unknown>) => (await matches(await saveList(filters))).items.map((p: { id: string }) => p.id).sort();
    expect(await ids({ min_bedrooms: 3, state: 'tx' })).toEqual([big]);
    expect(await ids({ max_bedrooms: 3, min_price: 100000, max_price: 500000 })).toEqual([small]);
    expect(await ids({ stages: ['outreach', 'closed'] })).toEqual([big]);
    expect(await ids({ property_type: 'condo' })).toEqual([big]);
    expect(await ids({ has_linked_lead: true })).toEqual([small]);
    expect(await ids({ has_linked_lead: false })).toEqual([big, unpriced].sort());
    expect(await ids({ missing_price: true, city: 'AUSTIN' })).toEqual([unpriced]);
    expect(await ids({ created_within_days: 30 })).toEqual([big, small].sort());

    // Saved first, matched later: a new property shows up without touching the list.
    const listId = await saveList({ min_bedrooms: 5 });
    expect((await matches(listId)).total).toBe(0);
    const later = await property({ address: '5 Later Rd', bedrooms: 6 });
    expect((await matches(listId)).items.map((p: { id: string }) => p.id)).toEqual([later]);
  });

  it('pages like /properties: limit, offset and a cursor', async () => {
    const listId = await saveList({ city: 'Paged' });
    for (let i = 0; i < 3; i++) await property({ address: `${i} Page St`, city: 'Paged' });
    const first = await matches(listId, '?limit=2');
    expect(first).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(first.items).toHaveLength(2);
    const rest = await matches(listId, `?limit=2&cursor=${first.next_cursor}`);
    expect(rest.items).toHaveLength(1);
    expect(rest.next_cursor).toBeNull();
    expectProblem(await t.send('GET', `/workflow/smart-lists/${listId}/properties?limit=500`, { token: owner.token }), 422);
  });

  it('renames, replaces filters, deletes; another team gets 404 everywhere', async () => {
    const listId = await saveList({ min_bedrooms: 1 });
    const updated = await t.send('PATCH', `/workflow/smart-lists/${listId}`, { token: owner.token, body: { name: 'Renamed', filters: { max_bedrooms: 1 } } });
    expect(updated.body).toMatchObject({ name: 'Renamed', filters: { max_bedrooms: 1 } });
    expectProblem(await t.send('PATCH', `/workflow/smart-lists/${listId}`, { token: owner.token, body: {} }), 422);
    for (const [method, path] of [['GET', ''], ['GET', '/properties'], ['PATCH', ''], ['DELETE', '']] as const) {
      expectProblem(await t.send(method, `/workflow/smart-lists/${listId}${path}`, { token: stranger.token, body: method === 'PATCH' ? { name: 'Mine now' } : undefined }), 404);
    }
    expect((await t.send('GET', '/workflow/smart-lists', { token: stranger.token })).body.total).toBe(0);
    expect((await t.send('DELETE', `/workflow/smart-lists/${listId}`, { token: owner.token })).status).toBe(204);
    expectProblem(await t.send('DELETE', `/workflow/smart-lists/${listId}`, { token: owner.token }), 404);
  });
});
