import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem } from '../../test/support/fixtures.js';

describe('GET /deals/{id}/history', () => {
  let t: TestApp;
  let agent: TestUser;
  let mate: TestUser;
  let dealId: string;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    mate = await t.user({ role: 'agent', teamId: agent.teamId });
    dealId = (await t.send('POST', '/deals', { token: agent.token, body: { status: 'prospecting' } })).body.id;
    for (const [user, status] of [[mate, 'offer_made'], [agent, 'negotiation'], [mate, 'under_contract'], [agent, 'closed_won']] as const) {
      await t.send('PATCH', `/deals/${dealId}`, { token: user.token, body: { status } });
    }
    // A field edit is not a status move and adds nothing.
    await t.send('PATCH', `/deals/${dealId}`, { token: agent.token, body: { title: 'Done' } });
  });
  afterAll(() => t.close());

  it('lists the status moves oldest first with who made each', async () => {
    const res = await t.send('GET', `/deals/${dealId}/history`, { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: Record<string, unknown>) => [e.from_status, e.to_status, e.actor_id])).toEqual([
      [null, 'prospecting', agent.id],
      ['prospecting', 'offer_made', mate.id],
      ['offer_made', 'negotiation', agent.id],
      ['negotiation', 'under_contract', mate.id],
      ['under_contract', 'closed_won', agent.id],
    ]);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['actor_id', 'created_at', 'from_status', 'to_status']);
  });

  it('is 404 for another team, for nonexistent-id, and 401 without a token', async () => {
    const stranger = await t.user();
    expectProblem(await t.send('GET', `/deals/${dealId}/history`, { token: stranger.token }), 404);
    expectProblem(await t.send('GET', '/deals/nonexistent-id/history', { token: agent.token }), 404);
    expectProblem(await t.send('GET', `/deals/${dealId}/history`), 401);
  });
});
