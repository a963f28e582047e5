import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deals } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem, insertProperty } from '../../test/support/fixtures.js';

describe('GET /deals', () => {
  let t: TestApp;
  let agent: TestUser;
  let leadId: string;
  let propertyId: string;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    leadId = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane' } })).body.id;
    propertyId = await insertProperty(t, agent);
    const bodies = [
      { title: 'A', status: 'prospecting', value: 100000 },
      { title: 'B', status: 'negotiation', value: 500000, lead_id: leadId },
      { title: 'C', status: 'negotiation', property_id: propertyId },
      { title: 'D', status: 'under_contract', value: 1500000, lead_id: leadId, property_id: propertyId },
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await t.send('POST', '/deals', { token: agent.token, body });
      await t.database.db.update(deals).set({ createdAt: new Date(Date.UTC(2026, 0, 1 + i)) }).where(eq(deals.id, res.body.id));
    }
    const stranger = await t.user();
    await t.send('POST', '/deals', { token: stranger.token, body: { title: 'Z', value: 100000 } });
  });
  afterAll(() => t.close());

  const titles = (body: { items: { title: string }[] }) => body.items.map((d) => d.title);

  it('lists only the team’s deals, newest first', async () => {
    const res = await t.send('GET', '/deals', { token: agent.token });
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(['D', 'C', 'B', 'A']);
    expect(res.body).toMatchObject({ total: 4, limit: 20, offset: 0, next_cursor: null });
  });

  it('pages with a cursor', async () => {
    const first = await t.send('GET', '/deals?limit=3', { token: agent.token });
    expect(titles(first.body)).toEqual(['D', 'C', 'B']);
    const rest = await t.send('GET', `/deals?limit=3&cursor=${first.body.next_cursor}`, { token: agent.token });
    expect(titles(rest.body)).toEqual(['A']);
    expect(rest.body.next_cursor).toBeNull();
  });

  it.each([
    ['status=negotiation', ['C', 'B']],
    ['min_value=500000', ['D', 'B']],
    ['max_value=500000', ['B', 'A']],
    ['min_value=100000&max_value=100000', ['A']],
    ['status=closed_won', []],
  ])('filters by %s', async (query, expected) => {
    const res = await t.send('GET', `/deals?${query}`, { token: agent.token });
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('filters by lead and by property', async () => {
    expect(titles((await t.send('GET', `/deals?lead_id=${leadId}`, { token: agent.token })).body)).toEqual(['D', 'B']);
    expect(titles((await t.send('GET', `/deals?property_id=${propertyId}`, { token: agent.token })).body)).toEqual(['D', 'C']);
  });

  it.each([
    ['status=won', 'status'],
    ['min_value=abc', 'min_value'],
    ['min_value=-1', 'min_value'],
    ['min_value=10&max_value=5', 'min_value'],
  ])('refuses %s with 422 naming the parameter', async (query, parameter) => {
    const body = expectProblem(await t.send('GET', `/deals?${query}`, { token: agent.token }), 422);
    expect(body.errors).toEqual([expect.objectContaining({ parameter })]);
  });

  it('lets a viewer read and refuses a caller without a token', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expect((await t.send('GET', '/deals', { token: viewer.token })).body.total).toBe(4);
    expectProblem(await t.send('GET', '/deals'), 401);
  });
});
