import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { domainEvents } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

describe('lead domain events (the team’s SSE feed)', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('announces create, updates (including the move to contacted), assignment and delete to the team', async () => {
    const mate = await t.user({ role: 'agent', teamId: agent.teamId });
    const lead = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Prospect' } })).body;
    await t.send('POST', `/leads/${lead.id}/activities`, { token: agent.token, body: { type: 'call' } });
    await t.send('PATCH', `/leads/${lead.id}`, { token: agent.token, body: { status: 'qualified' } });
    await t.send('POST', `/leads/${lead.id}/assign`, { token: agent.token, body: { user_id: mate.id } });
    await t.send('DELETE', `/leads/${lead.id}`, { token: agent.token });

    const events = await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, agent.teamId)).orderBy(asc(domainEvents.id));
    expect(events.map((e) => [e.type, (e.data as { status?: string; assigned_to?: string }).status ?? null])).toEqual([
      ['lead.created', 'new'],
      ['lead.updated', 'contacted'],
      ['lead.updated', 'qualified'],
      ['lead.updated', 'qualified'],
      ['lead.deleted', null],
    ]);
    expect(events[0].data).toEqual(lead);
    expect(events[3].data).toMatchObject({ assigned_to: mate.id });
    expect(events[4].data).toEqual({ id: lead.id });
  });

  it('announces nothing for a refused write', async () => {
    const stranger = await t.user();
    await t.send('POST', '/leads', { token: stranger.token, body: { name: '' } });
    const events = await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, stranger.teamId));
    expect(events).toEqual([]);
  });
});
