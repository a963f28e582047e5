import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { domainEvents, leadActivities, leads } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { deactivate, expectInvalid, expectProblem } from '../../test/support/fixtures.js';
import { postTwilio } from '../../test/support/webhooks.js';
import { tasks } from './tables.js';

const OUR_NUMBER = '+15005550006';
let phoneSeq = 0;

describe('an inbound reply: follow-up task and auto-assign', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A lead with a phone no other lead has, so the reply routes to it alone. */
  async function lead(owner: TestUser, body: Record<string, unknown> = {}): Promise<{ id: string; phone: string }> {
    const phone = `+1555${String(7_000_000 + ++phoneSeq)}`;
    const res = await t.send('POST', '/leads', { token: owner.token, body: { name: `Lead ${phoneSeq}`, phone, ...body } });
    expect(res.status).toBe(201);
    return { id: res.body.id, phone };
  }
  const reply = (phone: string, sid = `SM${crypto.randomUUID().replaceAll('-', '')}`) =>
    postTwilio(t, '/webhooks/twilio/sms', { MessageSid: sid, AccountSid: 'ACmock', From: phone, To: OUR_NUMBER, Body: 'Still available?', NumMedia: '0' });
  const tasksOf = (leadId: string) => t.database.db.select().from(tasks).where(eq(tasks.leadId, leadId));
  const assigneeOf = async (leadId: string) => (await t.database.db.select().from(leads).where(eq(leads.id, leadId)))[0].assignedTo;
  const settings = (user: TestUser, body: unknown) => t.send('PUT', '/workflow/settings', { token: user.token, body });

  it('creates one follow-up task for the lead’s assignee, once per message, announced as task.created', async () => {
    const owner = await t.user({ role: 'admin' });
    const mate = await t.user({ role: 'agent', teamId: owner.teamId });
    const { id, phone } = await lead(owner, { assigned_to: mate.id });
    const sid = 'SMfollowup0000000000000000000001';
    expect((await reply(phone, sid)).status).toBe(200);
    expect((await reply(phone, sid)).status).toBe(200);
    const rows = await tasksOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ assigneeId: mate.id, source: 'inbound_reply', status: 'open', notes: 'Still available?', createdBy: null, teamId: owner.teamId });
    expect(rows[0].dueAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const events = await t.database.db.select().from(domainEvents).where(and(eq(domainEvents.teamId, owner.teamId), eq(domainEvents.type, 'task.created')));
    expect(events.map((e) => (e.data as { id: string }).id)).toEqual([rows[0].id]);
    // An assigned lead keeps its assignee and gets no assignment activity.
    expect(await assigneeOf(id)).toBe(mate.id);
    expect(await t.database.db.select().from(leadActivities).where(eq(leadActivities.leadId, id))).toHaveLength(0);
  });

  it('leaves an unassigned lead unassigned while auto-assign is off (the task is unassigned too)', async () => {
    const owner = await t.user({ role: 'admin' });
    const { id, phone } = await lead(owner);
    await reply(phone);
    expect(await assigneeOf(id)).toBeNull();
    expect((await tasksOf(id))[0].assigneeId).toBeNull();
  });

  it('round robin hands unassigned leads to active agents and admins in turn, skipping viewers and inactive members', async () => {
    const owner = await t.user({ role: 'admin' });
    const agent = await t.user({ role: 'agent', teamId: owner.teamId });
    await t.user({ role: 'viewer', teamId: owner.teamId });
    const gone = await t.user({ role: 'agent', teamId: owner.teamId });
    await deactivate(t, gone);
    expect((await settings(owner, { auto_assign_on_reply: true })).body).toMatchObject({ auto_assign_on_reply: true, strategy: 'round_robin' });
    const assigned: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const { id, phone } = await lead(owner);
      await reply(phone);
      assigned.push(await assigneeOf(id));
      expect((await tasksOf(id))[0].assigneeId).toBe(assigned[i]);
      const [activity] = await t.database.db.select().from(leadActivities).where(eq(leadActivities.leadId, id));
      expect(activity).toMatchObject({ type: 'note', outcome: 'auto_assigned', actorId: 'system' });
      expect(activity.note).toContain(assigned[i]);
    }
    expect(assigned).toEqual([owner.id, agent.id, owner.id]);
  });

  it('least_loaded picks the member with the fewest open leads', async () => {
    const owner = await t.user({ role: 'admin' });
    const agent = await t.user({ role: 'agent', teamId: owner.teamId });
    await lead(owner, { assigned_to: owner.id });
    await lead(owner, { assigned_to: owner.id });
    await lead(owner, { assigned_to: agent.id, status: 'lost' });
    await settings(owner, { auto_assign_on_reply: true, strategy: 'least_loaded' });
    const { id, phone } = await lead(owner);
    await reply(phone);
    expect(await assigneeOf(id)).toBe(agent.id);
  });

  it('GET shows the defaults; PUT is admin-only and validated', async () => {
    const owner = await t.user({ role: 'admin' });
    const agent = await t.user({ role: 'agent', teamId: owner.teamId });
    expect((await t.send('GET', '/workflow/settings', { token: agent.token })).body).toEqual({ auto_assign_on_reply: false, strategy: 'round_robin', updated_at: null });
    expectProblem(await settings(agent, { auto_assign_on_reply: true }), 403);
    expectInvalid(await settings(owner, { auto_assign_on_reply: true, strategy: 'random' }), '/strategy');
    expectInvalid(await settings(owner, { strategy: 'least_loaded' }), '/auto_assign_on_reply');
    // Another team's settings are its own.
    const stranger = await t.user({ role: 'admin' });
    await settings(stranger, { auto_assign_on_reply: true });
    expect((await t.send('GET', '/workflow/settings', { token: owner.token })).body.auto_assign_on_reply).toBe(false);
  });
});
