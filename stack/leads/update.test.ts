import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { leads } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem, insertProperty } from '../../test/support/fixtures.js';

describe('PATCH /leads/{id}', () => {
  let t: TestApp;
  let agent: TestUser;
  let leadId: string;
  const row = async () => (await t.database.db.select().from(leads).where(eq(leads.id, leadId)))[0];

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  beforeEach(async () => {
    const res = await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Seller', email: 'jane@demo.com', phone: '555-0100' } });
    leadId = res.body.id;
    // Back-dated so the update's new updated_at is later whatever the clock resolution.
    await t.database.db.update(leads).set({ updatedAt: new Date('2026-01-01T00:00:00Z') }).where(eq(leads.id, leadId));
  });
  afterAll(() => t.close());

  it('changes the fields sent, keeps the others, bumps version and updated_at', async () => {
    const propertyId = await insertProperty(t, agent);
    const res = await t.send('PATCH', `/leads/${leadId}`, {
      token: agent.token,
      body: { name: 'Jane Q. Seller', status: 'qualified', source: 'open house', property_id: propertyId },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: leadId,
      name: 'Jane Q. Seller',
      status: 'qualified',
      source: 'open house',
      property_id: propertyId,
      email: 'jane@demo.com',
      phone: '555-0100',
    });
    expect(Date.parse(res.body.updated_at)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    expect((await row()).version).toBe(2);
    await t.send('PATCH', `/leads/${leadId}`, { token: agent.token, body: { status: 'nurturing' } });
    expect((await row()).version).toBe(3);
  });

  it('clears an optional field sent as null', async () => {
    const res = await t.send('PATCH', `/leads/${leadId}`, { token: agent.token, body: { email: null } });
    expect(res.status).toBe(200);
    expect(res.body.email).toBeNull();
  });

  it.each([
    [{}, ''],
    [{ name: null }, '/name'],
    [{ status: 'hot' }, '/status'],
    [{ role: 'admin' }, '/role'],
    [{ team_id: 'x' }, '/team_id'],
  ])('refuses %j with 422 and changes nothing', async (body, pointer) => {
    expectInvalid(await t.send('PATCH', `/leads/${leadId}`, { token: agent.token, body }), pointer);
    expect(await row()).toMatchObject({ version: 1, name: 'Jane Seller', teamId: agent.teamId });
  });

  it('refuses a property or assignee from another team with 422', async () => {
    const stranger = await t.user();
    const res = await t.send('PATCH', `/leads/${leadId}`, {
      token: agent.token,
      body: { property_id: await insertProperty(t, stranger), assigned_to: stranger.id },
    });
    expectInvalid(res, '/property_id', '/assigned_to');
    expect((await row()).propertyId).toBeNull();
  });

  it('is 404 for another team’s lead and leaves it unchanged', async () => {
    const stranger = await t.user();
    expectProblem(await t.send('PATCH', `/leads/${leadId}`, { token: stranger.token, body: { name: 'Hijacked' } }), 404);
    expect(await row()).toMatchObject({ name: 'Jane Seller', version: 1 });
  });

  it('is 404 for nonexistent-id', async () => {
    expectProblem(await t.send('PATCH', '/leads/nonexistent-id', { token: agent.token, body: { name: 'X' } }), 404);
  });

  it('is 403 for a viewer and 401 without a token', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expectProblem(await t.send('PATCH', `/leads/${leadId}`, { token: viewer.token, body: { name: 'X' } }), 403);
    expectProblem(await t.send('PATCH', `/leads/${leadId}`, { body: { name: 'X' } }), 401);
    expect((await row()).name).toBe('Jane Seller');
  });
});
