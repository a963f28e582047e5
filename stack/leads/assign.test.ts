import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { leads } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { deactivate, expectInvalid, expectProblem } from '../../test/support/fixtures.js';

describe('POST /leads/{id}/assign', () => {
  let t: TestApp;
  let agent: TestUser;
  let mate: TestUser;
  let leadId: string;
  const row = async () => (await t.database.db.select().from(leads).where(eq(leads.id, leadId)))[0];

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    mate = await t.user({ role: 'agent', teamId: agent.teamId });
    leadId = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Seller' } })).body.id;
  });
  afterAll(() => t.close());

  it('assigns the lead to an active teammate, then unassigns it with null', async () => {
    const assigned = await t.send('POST', `/leads/${leadId}/assign`, { token: agent.token, body: { user_id: mate.id } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ id: leadId, name: 'Jane Seller', assigned_to: mate.id });
    expect((await row()).version).toBe(2);
    const unassigned = await t.send('POST', `/leads/${leadId}/assign`, { token: agent.token, body: { user_id: null } });
    expect(unassigned.status).toBe(200);
    expect(unassigned.body.assigned_to).toBeNull();
  });

  it('refuses a user of another team, an unknown id and an inactive teammate at /user_id', async () => {
    const stranger = await t.user();
    const gone = await t.user({ role: 'agent', teamId: agent.teamId });
    await deactivate(t, gone);
    for (const userId of [stranger.id, 'nonexistent-id', gone.id]) {
      const res = await t.send('POST', `/leads/${leadId}/assign`, { token: agent.token, body: { user_id: userId } });
      expectInvalid(res, '/user_id');
    }
    expect((await row()).assignedTo).toBeNull();
  });

  it.each([[{}], [{ user_id: '' }], [{ user_id: 42 }], [{ user_id: null, note: 'x' }]])('refuses %j with 422', async (body) => {
    expectProblem(await t.send('POST', `/leads/${leadId}/assign`, { token: agent.token, body }), 422);
  });

  it('is 404 on another team’s lead, which stays unassigned, and on nonexistent-id', async () => {
    const stranger = await t.user();
    const strangerMate = await t.user({ teamId: stranger.teamId });
    expectProblem(await t.send('POST', `/leads/${leadId}/assign`, { token: stranger.token, body: { user_id: strangerMate.id } }), 404);
    expect((await row()).assignedTo).toBeNull();
    expectProblem(await t.send('POST', '/leads/nonexistent-id/assign', { token: agent.token, body: { user_id: mate.id } }), 404);
  });

  it('is 403 for a viewer and 401 without a token', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expectProblem(await t.send('POST', `/leads/${leadId}/assign`, { token: viewer.token, body: { user_id: viewer.id } }), 403);
    expectProblem(await t.send('POST', `/leads/${leadId}/assign`, { body: { user_id: mate.id } }), 401);
    expect((await row()).assignedTo).toBeNull();
  });
});
