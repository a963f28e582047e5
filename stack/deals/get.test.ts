import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deals } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem } from '../../test/support/fixtures.js';

describe('GET and DELETE /deals/{id}', () => {
  let t: TestApp;
  let agent: TestUser;
  let stranger: TestUser;
  const newDeal = async () => (await t.send('POST', '/deals', { token: agent.token, body: { title: 'Demo St', value: 1500000 } })).body;
  const exists = async (id: string) => (await t.database.db.select().from(deals).where(eq(deals.id, id))).length === 1;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    stranger = await t.user();
  });
  afterAll(() => t.close());

  it('returns the deal to any member of the team', async () => {
    const deal = await newDeal();
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    const res = await t.send('GET', `/deals/${deal.id}`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(deal);
  });

  it('is 404 for another team’s deal and for nonexistent-id', async () => {
    const deal = await newDeal();
    expectProblem(await t.send('GET', `/deals/${deal.id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('GET', '/deals/nonexistent-id', { token: agent.token }), 404);
    expectProblem(await t.send('GET', `/deals/${deal.id}`), 401);
  });

  it('deletes a deal with its history', async () => {
    const deal = await newDeal();
    const res = await t.send('DELETE', `/deals/${deal.id}`, { token: agent.token });
    expect(res.status).toBe(204);
    expectProblem(await t.send('GET', `/deals/${deal.id}`, { token: agent.token }), 404);
    expectProblem(await t.send('GET', `/deals/${deal.id}/history`, { token: agent.token }), 404);
    expectProblem(await t.send('DELETE', `/deals/${deal.id}`, { token: agent.token }), 404);
  });

  it('does not delete another team’s deal, a viewer’s or an anonymous attempt', async () => {
    const deal = await newDeal();
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expectProblem(await t.send('DELETE', `/deals/${deal.id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('DELETE', `/deals/${deal.id}`, { token: viewer.token }), 403);
    expectProblem(await t.send('DELETE', `/deals/${deal.id}`), 401);
    expectProblem(await t.send('DELETE', '/deals/nonexistent-id', { token: agent.token }), 404);
    expect(await exists(deal.id)).toBe(true);
  });
});
