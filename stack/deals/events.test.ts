import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { domainEvents } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

describe('deal domain events (the team’s SSE feed)', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('announces create, field edits, status moves and delete; a refused move announces nothing', async () => {
    const deal = (await t.send('POST', '/deals', { token: agent.token, body: { value: 1500000 } })).body;
    await t.send('PATCH', `/deals/${deal.id}`, { token: agent.token, body: { title: 'Demo St' } });
    await t.send('PATCH', `/deals/${deal.id}`, { token: agent.token, body: { status: 'under_contract' } });
    expect((await t.send('PATCH', `/deals/${deal.id}`, { token: agent.token, body: { status: 'prospecting' } })).status).toBe(409);
    await t.send('DELETE', `/deals/${deal.id}`, { token: agent.token });

    const events = await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, agent.teamId)).orderBy(asc(domainEvents.id));
    expect(events.map((e) => e.type)).toEqual(['deal.created', 'deal.updated', 'deal.status_changed', 'deal.deleted']);
    expect(events[0].data).toEqual(deal);
    expect(events[1].data).toMatchObject({ id: deal.id, title: 'Demo St' });
    expect(events[2].data).toMatchObject({ from_status: 'negotiation', to_status: 'under_contract', deal: { id: deal.id, status: 'under_contract' } });
    expect(events[3].data).toEqual({ id: deal.id });
  });
});
