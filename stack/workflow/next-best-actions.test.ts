import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dealEvents, properties } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem, insertProperty } from '../../test/support/fixtures.js';
import { generateNextBestActions } from './next-best-actions.js';

const DAY = 24 * 3600_000;

describe('next-best-actions', () => {
  let t: TestApp;
  let owner: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.user({ role: 'admin' });
    stranger = await t.user({ role: 'admin' });
  });
  afterAll(() => t.close());

  const generate = (id: string, user = owner) => t.send('POST', `/properties/${id}/next-best-actions/generate`, { token: user.token });
  const rulesOf = (items: { rule_id: string }[]) => items.map((i) => i.rule_id).sort();

  it('opens one action per finding, with its rule and explanation, and never twice', async () => {
    const propertyId = await insertProperty(t, owner, '7 Idem Pt');
    const lead = (await t.send('POST', '/leads', { token: owner.token, body: { name: 'Quiet Quinn', property_id: propertyId } })).body;
    const first = await generate(propertyId);
    expect(first.status).toBe(200);
    expect(first.body.created).toBe(3);
    expect(rulesOf(first.body.items)).toEqual(['missing_images', 'missing_price', 'uncontacted_lead']);
    expect(first.body.items.find((i: { rule_id: string }) => i.rule_id === 'uncontacted_lead')).toMatchObject({ subject_id: lead.id, title: 'Contact Quiet Quinn', status: 'open' });
    const again = await generate(propertyId);
    expect(again.body).toMatchObject({ created: 0, resolved: 0 });
    expect(again.body.items.map((i: { id: string }) => i.id).sort()).toEqual(first.body.items.map((i: { id: string }) => i.id).sort());
    // Concurrent generations serialise on the property: still three.
    await Promise.all([generate(propertyId), generate(propertyId)]);
    expect((await t.send('GET', `/workflow/next-best-actions?property_id=${propertyId}`, { token: owner.token })).body.total).toBe(3);
  });

  it('resolves an action whose rule stopped firing and keeps a completed one quiet', async () => {
    const propertyId = await insertProperty(t, owner, '8 Resolve Rd');
    const opened = (await generate(propertyId)).body.items as { id: string; rule_id: string }[];
    const images = opened.find((a) => a.rule_id === 'missing_images')!;
    const done = await t.send('POST', `/workflow/next-best-actions/${images.id}/complete`, { token: owner.token });
    expect(done.body).toMatchObject({ status: 'done', completed_by: owner.id });
    await t.database.db.update(properties).set({ price: 420000 }).where(eq(properties.id, propertyId));
    const after = await generate(propertyId);
    expect(after.body).toMatchObject({ created: 0, resolved: 1, items: [] });
    const resolved = await t.send('GET', `/workflow/next-best-actions?property_id=${propertyId}&status=resolved`, { token: owner.token });
    expect(rulesOf(resolved.body.items)).toEqual(['missing_price']);
    expectProblem(await t.send('POST', `/workflow/next-best-actions/${images.id}/complete`, { token: owner.token }), 409);
  });

  it('reads history: a deal stalled in its status and a property idle for weeks', async () => {
    const propertyId = await insertProperty(t, owner, '9 Stall St');
    const deal = (await t.send('POST', '/deals', { token: owner.token, body: { title: 'Stalled', property_id: propertyId, status: 'negotiation' } })).body;
    const later = new Date(Date.now() + 30 * DAY);
    const result = await generateNextBestActions(t.database.db, owner.teamId, propertyId, later);
    const rules = result.open.map((a) => `${a.ruleId}:${a.subjectId}`).sort();
    expect(rules).toEqual(['missing_images:', 'missing_price:', `stalled_deal:${deal.id}`, 'stale_property:'].sort());
    expect(result.open.find((a) => a.ruleId === 'stalled_deal')!.explanation).toContain('in negotiation for 30 days');
    // The deal moves: the clock restarts from its newest status change.
    await t.database.db.update(dealEvents).set({ createdAt: later }).where(eq(dealEvents.dealId, deal.id));
    const moved = await generateNextBestActions(t.database.db, owner.teamId, propertyId, later);
    expect(moved.open.map((a) => a.ruleId)).not.toContain('stalled_deal');
  });

  it('keeps teams apart: 404 on another team’s property and action, lists only the caller’s', async () => {
    const propertyId = await insertProperty(t, owner, '10 Private Pl');
    const action = (await generate(propertyId)).body.items[0];
    expectProblem(await generate(propertyId, stranger), 404);
    expectProblem(await t.send('POST', `/workflow/next-best-actions/${action.id}/complete`, { token: stranger.token }), 404);
    expect((await t.send('GET', '/workflow/next-best-actions', { token: stranger.token })).body.total).toBe(0);
    const viewer = await t.user({ role: 'viewer', teamId: owner.teamId });
    expectProblem(await generate(propertyId, viewer), 403);
    expectProblem(await t.send('GET', '/workflow/next-best-actions?status=maybe', { token: owner.token }), 422);
  });
});
