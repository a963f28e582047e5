import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deals, leadActivities, leads } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem } from '../../test/support/fixtures.js';

describe('DELETE /leads/{id}', () => {
  let t: TestApp;
  let agent: TestUser;
  let leadId: string;
  const exists = async () => (await t.database.db.select().from(leads).where(eq(leads.id, leadId))).length === 1;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  beforeEach(async () => {
    leadId = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Seller' } })).body.id;
  });
  afterAll(() => t.close());

  it('deletes the lead and its activities; a deal on it stays, without the lead', async () => {
    await t.send('POST', `/leads/${leadId}/activities`, { token: agent.token, body: { type: 'call' } });
    const deal = await t.send('POST', '/deals', { token: agent.token, body: { lead_id: leadId } });
    const res = await t.send('DELETE', `/leads/${leadId}`, { token: agent.token });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await t.send('GET', `/leads/${leadId}`, { token: agent.token }), 404);
    expect(await t.database.db.select().from(leadActivities).where(eq(leadActivities.leadId, leadId))).toEqual([]);
    const [dealRow] = await t.database.db.select().from(deals).where(eq(deals.id, deal.body.id));
    expect(dealRow.leadId).toBeNull();
  });

  it('is 404 the second time', async () => {
    await t.send('DELETE', `/leads/${leadId}`, { token: agent.token });
    expectProblem(await t.send('DELETE', `/leads/${leadId}`, { token: agent.token }), 404);
  });

  it('is 404 for another team’s lead, which stays', async () => {
    const stranger = await t.user();
    expectProblem(await t.send('DELETE', `/leads/${leadId}`, { token: stranger.token }), 404);
    expect(await exists()).toBe(true);
  });

  it('is 404 for nonexistent-id', async () => {
    expectProblem(await t.send('DELETE', '/leads/nonexistent-id', { token: agent.token }), 404);
  });

  it('is 403 for a viewer and 401 without a token; the lead stays', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expectProblem(await t.send('DELETE', `/leads/${leadId}`, { token: viewer.token }), 403);
    expectProblem(await t.send('DELETE', `/leads/${leadId}`), 401);
    expect(await exists()).toBe(true);
  });
});
