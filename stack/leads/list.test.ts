import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { leads } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem, insertProperty } from '../../test/support/fixtures.js';

describe('GET /leads', () => {
  let t: TestApp;
  let admin: TestUser;
  let mate: TestUser;
  let propertyId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.user();
    mate = await t.user({ role: 'agent', teamId: admin.teamId });
    propertyId = await insertProperty(t, admin);
    const bodies = [
      { name: 'Ann Oldest', email: 'ann@old.test', source: 'Website' },
      { name: 'Ben 100%', phone: '555-0199', source: 'referral', assigned_to: mate.id },
      { name: 'Cat Newest', email: 'cat@new.test', status: 'qualified', property_id: propertyId },
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await t.send('POST', '/leads', { token: admin.token, body });
      ids[body.name] = res.body.id;
      // Distinct creation times make "newest first" a fact, not a coincidence of the clock.
      await t.database.db.update(leads).set({ createdAt: new Date(Date.UTC(2026, 0, 1 + i)) }).where(eq(leads.id, res.body.id));
    }
    const stranger = await t.user();
    await t.send('POST', '/leads', { token: stranger.token, body: { name: 'Ann Stranger', source: 'website' } });
  });
  afterAll(() => t.close());

  const names = (body: { items: { name: string }[] }) => body.items.map((l) => l.name);

  it('lists only the team’s leads, newest first, in the page envelope', async () => {
    const res = await t.send('GET', '/leads', { token: admin.token });
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['Cat Newest', 'Ben 100%', 'Ann Oldest']);
    expect(res.body).toMatchObject({ total: 3, limit: 20, offset: 0, next_cursor: null });
  });

  it('walks the list with a cursor without gaps or repeats', async () => {
    const first = await t.send('GET', '/leads?limit=2', { token: admin.token });
    expect(names(first.body)).toEqual(['Cat Newest', 'Ben 100%']);
    expect(first.body.total).toBe(3);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await t.send('GET', `/leads?limit=2&cursor=${first.body.next_cursor}`, { token: admin.token });
    expect(names(second.body)).toEqual(['Ann Oldest']);
    expect(second.body.next_cursor).toBeNull();
  });

  it('pages by offset', async () => {
    const res = await t.send('GET', '/leads?limit=1&offset=1', { token: admin.token });
    expect(names(res.body)).toEqual(['Ben 100%']);
    expect(res.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
  });

  it.each([
    ['status=qualified', ['Cat Newest']],
    ['source=website', ['Ann Oldest']],
    ['source=REFERRAL', ['Ben 100%']],
    ['q=ann', ['Ann Oldest']],
    ['q=NEW.TEST', ['Cat Newest']],
    ['q=0199', ['Ben 100%']],
    ['q=100%25', ['Ben 100%']],
    ['q=_', []],
    ['status=new&source=website', ['Ann Oldest']],
  ])('filters by %s', async (query, expected) => {
    const res = await t.send('GET', `/leads?${query}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('filters by assignee and by property', async () => {
    const byMate = await t.send('GET', `/leads?assigned_to=${mate.id}`, { token: admin.token });
    expect(names(byMate.body)).toEqual(['Ben 100%']);
    const byProperty = await t.send('GET', `/leads?property_id=${propertyId}`, { token: admin.token });
    expect(names(byProperty.body)).toEqual(['Cat Newest']);
  });

  it('lets a viewer read', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: admin.teamId });
    const res = await t.send('GET', '/leads', { token: viewer.token });
    expect(res.body.total).toBe(3);
  });

  it.each([
    ['status=hot', 'status'],
    ['limit=101', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('refuses %s with 422 naming the parameter', async (query, parameter) => {
    const body = expectProblem(await t.send('GET', `/leads?${query}`, { token: admin.token }), 422);
    expect(body.errors).toEqual([expect.objectContaining({ parameter })]);
  });

  it('is 401 without a token', async () => {
    expectProblem(await t.send('GET', '/leads'), 401);
  });
});
