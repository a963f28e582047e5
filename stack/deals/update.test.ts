import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { dealEvents, deals } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem, insertDeal, insertProperty } from '../../test/support/fixtures.js';
import { DEAL_STATUSES, DEAL_TRANSITIONS, isClosed } from './transitions.js';

const ALLOWED = DEAL_STATUSES.flatMap((from) => DEAL_TRANSITIONS[from].map((to) => [from, to] as const));
const FORBIDDEN = DEAL_STATUSES.flatMap((from) =>
  DEAL_STATUSES.filter((to) => to !== from && !DEAL_TRANSITIONS[from].includes(to)).map((to) => [from, to] as const),
);

describe('PATCH /deals/{id}', () => {
  let t: TestApp;
  let agent: TestUser;
  const row = async (id: string) => (await t.database.db.select().from(deals).where(eq(deals.id, id)))[0];
  const events = (id: string) => t.database.db.select().from(dealEvents).where(eq(dealEvents.dealId, id)).orderBy(asc(dealEvents.id));

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('has the pipeline the product defines', () => {
    expect(DEAL_TRANSITIONS).toEqual({
      prospecting: ['offer_made', 'negotiation', 'closed_lost'],
      offer_made: ['negotiation', 'under_contract', 'closed_lost'],
      negotiation: ['offer_made', 'under_contract', 'closed_lost'],
      under_contract: ['closed_won', 'closed_lost', 'negotiation'],
      closed_lost: ['prospecting', 'negotiation'],
      closed_won: [],
    });
  });

  it.each(ALLOWED)('moves %s -> %s, records it and sets closed_at only when closed', async (from, to) => {
    const id = await insertDeal(t, agent, from);
    const res = await t.send('PATCH', `/deals/${id}`, { token: agent.token, body: { status: to } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe(to);
    if (isClosed(to)) expect(Date.parse(res.body.closed_at)).not.toBeNaN();
    else expect(res.body.closed_at).toBeNull();
    expect(await events(id)).toEqual([expect.objectContaining({ fromStatus: from, toStatus: to, actorId: agent.id })]);
    expect((await row(id)).version).toBe(2);
  });

  it.each(FORBIDDEN)('refuses %s -> %s with 409 naming the allowed moves, and changes nothing', async (from, to) => {
    const id = await insertDeal(t, agent, from);
    const body = expectProblem(await t.send('PATCH', `/deals/${id}`, { token: agent.token, body: { status: to } }), 409);
    expect(body.allowed_transitions).toEqual(DEAL_TRANSITIONS[from]);
    expect(body.current_status).toBe(from);
    expect(body.detail).toContain(from);
    for (const next of DEAL_TRANSITIONS[from]) expect(body.detail).toContain(next);
    expect(await row(id)).toMatchObject({ status: from, version: 1 });
    expect(await events(id)).toEqual([]);
  });

  it('says a won deal is final', async () => {
    const id = await insertDeal(t, agent, 'closed_won');
    const body = expectProblem(await t.send('PATCH', `/deals/${id}`, { token: agent.token, body: { status: 'negotiation' } }), 409);
    expect(body.detail).toMatch(/final/);
    expect(body.allowed_transitions).toEqual([]);
  });

  it('closes with closed_at and clears it on reopening', async () => {
    const id = (await t.send('POST', '/deals', { token: agent.token, body: { status: 'under_contract' } })).body.id;
    const lost = await t.send('PATCH', `/deals/${id}`, { token: agent.token, body: { status: 'closed_lost' } });
    expect(lost.body.closed_at).toEqual(expect.any(String));
    const reopened = await t.send('PATCH', `/deals/${id}`, { token: agent.token, body: { status: 'prospecting' } });
    expect(reopened.body).toMatchObject({ status: 'prospecting', closed_at: null });
    const history = await t.send('GET', `/deals/${id}/history`, { token: agent.token });
    expect(history.body.items.map((e: { to_status: string }) => e.to_status)).toEqual(['under_contract', 'closed_lost', 'prospecting']);
  });

  it('edits other fields without a status move, bumping version and updated_at', async () => {
    const id = await insertDeal(t, agent, 'negotiation');
    await t.database.db.update(deals).set({ updatedAt: new Date('2026-01-01T00:00:00Z') }).where(eq(deals.id, id));
    const propertyId = await insertProperty(t, agent);
    const body = { title: 'Offer on Demo St', value: 950000.5, expected_close_date: '2027-01-15', property_id: propertyId, status: 'negotiation' };
    const res = await t.send('PATCH', `/deals/${id}`, { token: agent.token, body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(body);
    expect(Date.parse(res.body.updated_at)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    expect((await row(id)).version).toBe(2);
    expect(await events(id)).toEqual([]);
    const cleared = await t.send('PATCH', `/deals/${id}`, { token: agent.token, body: { value: null, property_id: null } });
    expect(cleared.body).toMatchObject({ value: null, property_id: null, title: 'Offer on Demo St' });
  });

  it.each([
    [{}, ''],
    [{ status: 'won' }, '/status'],
    [{ value: -5 }, '/value'],
    [{ closed_at: null }, '/closed_at'],
    [{ version: 7 }, '/version'],
  ])('refuses %j with 422 and changes nothing', async (body, pointer) => {
    const id = await insertDeal(t, agent, 'negotiation');
    expectInvalid(await t.send('PATCH', `/deals/${id}`, { token: agent.token, body }), pointer);
    expect((await row(id)).version).toBe(1);
  });

  it('refuses a lead or property of another team with 422', async () => {
    const stranger = await t.user();
    const id = await insertDeal(t, agent, 'negotiation');
    const foreignLead = (await t.send('POST', '/leads', { token: stranger.token, body: { name: 'Theirs' } })).body.id;
    const res = await t.send('PATCH', `/deals/${id}`, { token: agent.token, body: { lead_id: foreignLead, property_id: await insertProperty(t, stranger) } });
    expectInvalid(res, '/lead_id', '/property_id');
    expect(await row(id)).toMatchObject({ leadId: null, propertyId: null, version: 1 });
  });

  it('is 404 for another team’s deal, which stays as it was', async () => {
    const stranger = await t.user();
    const id = await insertDeal(t, agent, 'negotiation', 1000);
    expectProblem(await t.send('PATCH', `/deals/${id}`, { token: stranger.token, body: { status: 'closed_lost', value: 1 } }), 404);
    expect(await row(id)).toMatchObject({ status: 'negotiation', value: 1000, version: 1 });
    expect(await events(id)).toEqual([]);
  });

  it('is 404 for nonexistent-id', async () => {
    expectProblem(await t.send('PATCH', '/deals/nonexistent-id', { token: agent.token, body: { status: 'under_contract' } }), 404);
  });

  it('is 403 for a viewer and 401 without a token', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    const id = await insertDeal(t, agent, 'negotiation');
    expectProblem(await t.send('PATCH', `/deals/${id}`, { token: viewer.token, body: { status: 'under_contract' } }), 403);
    expectProblem(await t.send('PATCH', `/deals/${id}`, { body: { status: 'under_contract' } }), 401);
    expect((await row(id)).status).toBe('negotiation');
  });

  it('keeps a consistent history when two moves race', async () => {
    const id = await insertDeal(t, agent, 'negotiation');
    const results = await Promise.all(
      ['under_contract', 'closed_lost'].map((status) => t.send('PATCH', `/deals/${id}`, { token: agent.token, body: { status } })),
    );
    expect(results.map((r) => r.status).every((s) => s === 200 || s === 409)).toBe(true);
    const moves = await events(id);
    expect(moves.length).toBe(results.filter((r) => r.status === 200).length);
    // Each move starts where the previous one ended: no move was checked against a stale status.
    let current = 'negotiation';
    for (const move of moves) {
      expect(move.fromStatus).toBe(current);
      current = move.toStatus;
    }
    expect((await row(id)).status).toBe(current);
  });
});
