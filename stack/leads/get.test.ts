import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem } from '../../test/support/fixtures.js';

describe('GET /leads/{id}', () => {
  let t: TestApp;
  let owner: TestUser;
  let lead: Record<string, unknown>;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.user({ role: 'agent' });
    lead = (await t.send('POST', '/leads', { token: owner.token, body: { name: 'Jane Seller', email: 'jane@demo.com' } })).body;
  });
  afterAll(() => t.close());

  it('returns the lead as created, to any member including a viewer', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: owner.teamId });
    const res = await t.send('GET', `/leads/${lead.id}`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(lead);
  });

  it('is 404 for another team’s lead, without saying it exists', async () => {
    const stranger = await t.user();
    const foreign = expectProblem(await t.send('GET', `/leads/${lead.id}`, { token: stranger.token }), 404);
    const missing = expectProblem(await t.send('GET', `/leads/${crypto.randomUUID()}`, { token: stranger.token }), 404);
    expect(foreign.title).toBe(missing.title);
    expect(foreign.detail).toBe(`No lead with id ${lead.id}`);
  });

  it('is 404 for an id of any shape', async () => {
    const body = expectProblem(await t.send('GET', '/leads/nonexistent-id', { token: owner.token }), 404);
    expect(body.detail).toContain('nonexistent-id');
  });

  it('is 401 without a token', async () => {
    expectProblem(await t.send('GET', `/leads/${lead.id}`), 401);
  });
});
