import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dealEvents, deals } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem, insertProperty } from '../../test/support/fixtures.js';
import { OPEN_DEAL_STATUSES } from './transitions.js';

const DEAL_KEYS = ['closed_at', 'created_at', 'created_by', 'expected_close_date', 'id', 'lead_id', 'property_id', 'status', 'title', 'updated_at', 'value'];

describe('POST /deals', () => {
  let t: TestApp;
  let agent: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    stranger = await t.user();
  });
  afterAll(() => t.close());

  it('creates a deal in negotiation by default, with Location and a first history event', async () => {
    const res = await t.send('POST', '/deals', { token: agent.token, body: {} });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(DEAL_KEYS);
    expect(res.body).toMatchObject({
      status: 'negotiation',
      title: null,
      lead_id: null,
      property_id: null,
      value: null,
      expected_close_date: null,
      closed_at: null,
      created_by: agent.id,
    });
    expect(res.headers.get('location')).toBe(`/deals/${res.body.id}`);
    const events = await t.database.db.select().from(dealEvents).where(eq(dealEvents.dealId, res.body.id));
    expect(events).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'negotiation', actorId: agent.id, teamId: agent.teamId })]);
  });

  it('keeps every field sent', async () => {
    const propertyId = await insertProperty(t, agent);
    const leadId = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane' } })).body.id;
    const body = { title: '123 Demo St', lead_id: leadId, property_id: propertyId, status: 'prospecting', value: 1234567.89, expected_close_date: '2026-12-31' };
    const res = await t.send('POST', '/deals', { token: agent.token, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(body);
  });

  it.each(OPEN_DEAL_STATUSES)('starts in open status %s', async (status) => {
    const res = await t.send('POST', '/deals', { token: agent.token, body: { status } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe(status);
  });

  it.each([
    [{ status: 'closed_won' }, '/status'],
    [{ status: 'closed_lost' }, '/status'],
    [{ status: 'won' }, '/status'],
    [{ value: -1 }, '/value'],
    [{ value: 10.005 }, '/value'],
    [{ value: '1500000' }, '/value'],
    [{ expected_close_date: '2026-02-30' }, '/expected_close_date'],
    [{ expected_close_date: '12/31/2026' }, '/expected_close_date'],
    [{ closed_at: '2026-01-01T00:00:00Z' }, '/closed_at'],
  ])('refuses %j with 422 at %s and creates nothing', async (body, pointer) => {
    const before = (await t.database.db.select().from(deals)).length;
    expectInvalid(await t.send('POST', '/deals', { token: agent.token, body }), pointer);
    expect((await t.database.db.select().from(deals)).length).toBe(before);
  });

  it('names the open statuses when asked to start closed', async () => {
    const body = expectProblem(await t.send('POST', '/deals', { token: agent.token, body: { status: 'closed_won' } }), 422);
    expect(body.errors[0].detail).toContain('prospecting, offer_made, negotiation, under_contract');
  });

  it('refuses a lead or property of another team, or none at all, with 422 at each', async () => {
    const foreignLead = (await t.send('POST', '/leads', { token: stranger.token, body: { name: 'Theirs' } })).body.id;
    const foreignProperty = await insertProperty(t, stranger);
    expectInvalid(await t.send('POST', '/deals', { token: agent.token, body: { lead_id: foreignLead, property_id: foreignProperty } }), '/lead_id', '/property_id');
    expectInvalid(await t.send('POST', '/deals', { token: agent.token, body: { lead_id: 'nonexistent-id' } }), '/lead_id');
  });

  it('is 403 for a viewer and 401 without a token', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expectProblem(await t.send('POST', '/deals', { token: viewer.token, body: { title: 'Viewer deal' } }), 403);
    expectProblem(await t.send('POST', '/deals', { body: { title: 'Viewer deal' } }), 401);
    expect(await t.database.db.select().from(deals).where(eq(deals.title, 'Viewer deal'))).toEqual([]);
  });
});
