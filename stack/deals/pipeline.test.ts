import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem, insertDeal } from '../../test/support/fixtures.js';
import { DEAL_STATUSES } from './transitions.js';

describe('GET /deals/pipeline', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('lists every stage with zeros for a team without deals (and is not taken for a deal id)', async () => {
    const res = await t.send('GET', '/deals/pipeline', { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      stages: DEAL_STATUSES.map((status) => ({ status, count: 0, total_value: 0 })),
      open_value: 0,
      won_value: 0,
    });
  });

  it('counts and sums each stage for the caller’s team only', async () => {
    const team = await t.user({ role: 'agent' });
    await insertDeal(t, team, 'negotiation', 100000.1);
    await insertDeal(t, team, 'negotiation', 200000.2);
    await insertDeal(t, team, 'negotiation', null);
    await insertDeal(t, team, 'under_contract', 1500000);
    await insertDeal(t, team, 'closed_won', 750000);
    await insertDeal(t, team, 'closed_lost', 90000);
    await insertDeal(t, agent, 'prospecting', 999);

    const viewer = await t.user({ role: 'viewer', teamId: team.teamId });
    const res = await t.send('GET', '/deals/pipeline', { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.stages).toEqual([
      { status: 'prospecting', count: 0, total_value: 0 },
      { status: 'offer_made', count: 0, total_value: 0 },
      { status: 'negotiation', count: 3, total_value: 300000.3 },
      { status: 'under_contract', count: 1, total_value: 1500000 },
      { status: 'closed_won', count: 1, total_value: 750000 },
      { status: 'closed_lost', count: 1, total_value: 90000 },
    ]);
    expect(res.body.open_value).toBe(1800000.3);
    expect(res.body.won_value).toBe(750000);
  });

  it('is 401 without a token', async () => {
    expectProblem(await t.send('GET', '/deals/pipeline'), 401);
  });
});
