/**
 * ETags and preconditions on leads: the shared contract, plus the lead's other writes (assign,
 * and an activity that may move the lead to `contacted`), which honour If-Match the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { describeConditionalRequests } from '../../test/support/conditional-requests.js';
import { expectProblem } from '../../test/support/fixtures.js';

describeConditionalRequests({ collection: '/leads', create: { name: 'Jane Seller' }, patches: [{ name: 'Jane A. Seller' }, { name: 'Jane B. Seller' }] });

describe('If-Match on the other writes of a lead', () => {
  let t: TestApp;
  let agent: TestUser;
  let mate: TestUser;
  const lead = (id: string) => t.send('GET', `/leads/${id}`, { token: agent.token });
  const create = async () => {
    const res = await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Seller' } });
    return { id: res.body.id as string, etag: res.headers.get('etag')! };
  };
  const post = (path: string, body: unknown, ifMatch: string) => t.send('POST', path, { token: agent.token, body, headers: { 'If-Match': ifMatch } });

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    mate = await t.user({ role: 'agent', teamId: agent.teamId });
  });
  afterAll(() => t.close());

  it('assigns with a current If-Match and answers the new ETag; a stale one is 412 and assigns nobody', async () => {
    const { id, etag } = await create();
    const assigned = await post(`/leads/${id}/assign`, { user_id: mate.id }, etag);
    expect(assigned.status, assigned.text).toBe(200);
    const current = assigned.headers.get('etag');
    expect(current).not.toBe(etag);
    expect((await lead(id)).headers.get('etag')).toBe(current);
    expectProblem(await post(`/leads/${id}/assign`, { user_id: null }, etag), 412);
    expect((await lead(id)).body.assigned_to).toBe(mate.id);
  });

  it('records an activity only when its If-Match names the current lead; the contact moves the ETag', async () => {
    const { id, etag } = await create();
    await t.send('PATCH', `/leads/${id}`, { token: agent.token, body: { source: 'website' } });
    const stale = await post(`/leads/${id}/activities`, { type: 'call' }, etag);
    expectProblem(stale, 412);
    const untouched = await lead(id);
    expect(untouched.body.status).toBe('new');
    expect((await t.send('GET', `/leads/${id}/activities`, { token: agent.token })).body.total).toBe(0);
    const recorded = await post(`/leads/${id}/activities`, { type: 'call' }, untouched.headers.get('etag')!);
    expect(recorded.status, recorded.text).toBe(201);
    const contacted = await lead(id);
    expect(contacted.body.status).toBe('contacted');
    expect(contacted.headers.get('etag')).not.toBe(untouched.headers.get('etag'));
  });

  it('is 404, not 412, for another team’s lead on assign and activities', async () => {
    const { id } = await create();
    const stranger = await t.user({ role: 'agent' });
    const headers = { 'If-Match': '"v999"' };
    expectProblem(await t.send('POST', `/leads/${id}/assign`, { token: stranger.token, body: { user_id: null }, headers }), 404);
    expectProblem(await t.send('POST', `/leads/${id}/activities`, { token: stranger.token, body: { type: 'call' }, headers }), 404);
  });
});
