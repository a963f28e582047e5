/**
 * Every successful property write tells the team's live stream (the `domain_events` log the SSE
 * stream replays); refused writes tell it nothing.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { domainEvents } from '../db/schema.js';

describe('property domain events', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const published = async () =>
    (await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, agent.teamId)).orderBy(asc(domainEvents.id))).map((e) => ({
      type: e.type,
      data: e.data as Record<string, any>,
    }));

  it('publishes created, updated, stage_changed and deleted, in order, with the property', async () => {
    const created = await t.send('POST', '/properties', { token: agent.token, body: { address: '789 Stream St', city: 'Demo City', state: 'CA', zip: '90000' } });
    const id = created.body.id;
    await t.send('PATCH', `/properties/${id}`, { token: agent.token, body: { price: 500000 } });
    await t.send('PATCH', `/properties/${id}`, { token: agent.token, body: { price: 500000 } });
    await t.send('POST', `/properties/${id}/stage`, { token: agent.token, body: { stage: 'outreach', note: 'letter' } });
    await t.send('POST', `/properties/${id}/stage`, { token: agent.token, body: { stage: 'outreach' } });
    await t.send('DELETE', `/properties/${id}`, { token: agent.token });
    const events = await published();
    expect(events.map((e) => e.type)).toEqual(['property.created', 'property.updated', 'property.stage_changed', 'property.deleted']);
    expect(events[0].data).toEqual(created.body);
    expect(events[1].data).toMatchObject({ id, price: 500000, changes: { price: { from: null, to: 500000 } } });
    expect(events[2].data).toMatchObject({ from: 'new', to: 'outreach', note: 'letter', property: { id, stage: 'outreach' } });
    expect(events[3].data).toEqual({ id });
  });
});
