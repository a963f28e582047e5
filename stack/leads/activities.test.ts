import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { leadActivities, leads } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { CONTACT_ACTIVITY_TYPES } from './schema.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';

describe('/leads/{id}/activities', () => {
  let t: TestApp;
  let agent: TestUser;
  const newLead = async (body: Record<string, unknown> = {}) =>
    (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Prospect', ...body } })).body.id as string;
  const lead = async (id: string) => (await t.database.db.select().from(leads).where(eq(leads.id, id)))[0];
  const activityCount = async (id: string) => (await t.database.db.select().from(leadActivities).where(eq(leadActivities.leadId, id))).length;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('records the demo script’s call and moves the new lead to contacted', async () => {
    const leadId = await newLead({ email: 'jane@example.com', phone: '555-0100', source: 'website' });
    const res = await t.send('POST', `/leads/${leadId}/activities`, {
      token: agent.token,
      body: { type: 'call', note: 'Initial contact - interested in 3BR homes', outcome: 'positive' },
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['actor_id', 'created_at', 'id', 'lead_id', 'note', 'outcome', 'type']);
    expect(res.body).toMatchObject({
      lead_id: leadId,
      type: 'call',
      note: 'Initial contact - interested in 3BR homes',
      outcome: 'positive',
      actor_id: agent.id,
    });
    const after = await t.send('GET', `/leads/${leadId}`, { token: agent.token });
    expect(after.body.status).toBe('contacted');
    expect((await lead(leadId)).version).toBe(2);
  });

  it.each(CONTACT_ACTIVITY_TYPES)('a first %s moves a new lead to contacted', async (type) => {
    const leadId = await newLead();
    await t.send('POST', `/leads/${leadId}/activities`, { token: agent.token, body: { type } });
    expect((await lead(leadId)).status).toBe('contacted');
  });

  it.each(['note', 'showing'])('a %s leaves a new lead new', async (type) => {
    const leadId = await newLead();
    expect((await t.send('POST', `/leads/${leadId}/activities`, { token: agent.token, body: { type } })).status).toBe(201);
    expect(await lead(leadId)).toMatchObject({ status: 'new', version: 1 });
  });

  it('a call leaves a lead that is past new where it is', async () => {
    const leadId = await newLead({ status: 'qualified' });
    await t.send('POST', `/leads/${leadId}/activities`, { token: agent.token, body: { type: 'call' } });
    expect(await lead(leadId)).toMatchObject({ status: 'qualified', version: 1 });
  });

  it('lists activities newest first with paging', async () => {
    const leadId = await newLead();
    for (const [i, type] of ['call', 'email', 'meeting'].entries()) {
      const res = await t.send('POST', `/leads/${leadId}/activities`, { token: agent.token, body: { type } });
      const at = new Date(Date.UTC(2026, 0, 1 + i));
      await t.database.db.update(leadActivities).set({ createdAt: at }).where(eq(leadActivities.id, res.body.id));
    }
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    const first = await t.send('GET', `/leads/${leadId}/activities?limit=2`, { token: viewer.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((a: { type: string }) => a.type)).toEqual(['meeting', 'email']);
    expect(first.body.total).toBe(3);
    const rest = await t.send('GET', `/leads/${leadId}/activities?limit=2&cursor=${first.body.next_cursor}`, { token: viewer.token });
    expect(rest.body.items.map((a: { type: string }) => a.type)).toEqual(['call']);
    expect(rest.body.next_cursor).toBeNull();
  });

  it.each([
    [{}, '/type'],
    [{ type: 'fax' }, '/type'],
    [{ type: 'call', outcome: 'x'.repeat(201) }, '/outcome'],
    [{ type: 'call', lead_id: 'other' }, '/lead_id'],
  ])('refuses %j with 422', async (body, pointer) => {
    const leadId = await newLead();
    expectInvalid(await t.send('POST', `/leads/${leadId}/activities`, { token: agent.token, body }), pointer);
    expect(await activityCount(leadId)).toBe(0);
  });

  it('is 404 on another team’s lead, which gets no activity and keeps its status', async () => {
    const leadId = await newLead();
    const stranger = await t.user();
    expectProblem(await t.send('POST', `/leads/${leadId}/activities`, { token: stranger.token, body: { type: 'call' } }), 404);
    expectProblem(await t.send('GET', `/leads/${leadId}/activities`, { token: stranger.token }), 404);
    expect(await activityCount(leadId)).toBe(0);
    expect((await lead(leadId)).status).toBe('new');
  });

  it('is 404 for nonexistent-id', async () => {
    expectProblem(await t.send('POST', '/leads/nonexistent-id/activities', { token: agent.token, body: { type: 'call' } }), 404);
    expectProblem(await t.send('GET', '/leads/nonexistent-id/activities', { token: agent.token }), 404);
  });

  it('is 403 for a viewer and 401 without a token', async () => {
    const leadId = await newLead();
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expectProblem(await t.send('POST', `/leads/${leadId}/activities`, { token: viewer.token, body: { type: 'call' } }), 403);
    expectProblem(await t.send('POST', `/leads/${leadId}/activities`, { body: { type: 'call' } }), 401);
    expectProblem(await t.send('GET', `/leads/${leadId}/activities`), 401);
    expect(await activityCount(leadId)).toBe(0);
  });
});
