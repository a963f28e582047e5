/**
 * The portfolio API through the real app: scenarios stored per deal with the hand-checked
 * figures, compared; investors CRUD; suggestions ranked by fit with a reason per criterion
 * (passed investors last); engagement summary; readiness computed live; template performance
 * from campaign rows; every read scoped to the team.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignRecipients, campaigns, jobs, unsubscribes } from '../db/schema.js';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';

let t: TestApp;
let agent: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let propertyId: string;
let dealId: string;

const RENTAL = { name: 'Base case', purchase_price: 200000, repairs: 10000, closing_costs: 5000, down_payment_pct: 20, interest_rate_pct: 6, term_years: 30, monthly_rent: 2000, monthly_expenses: 600, arv: 260000 };

beforeAll(async () => {
  t = await createTestApp(NO_RATE_LIMITS);
  agent = await t.user({ role: 'agent' });
  viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
  stranger = await t.user();
  propertyId = (await t.send('POST', '/properties', { token: agent.token, body: { address: '5 Yield Ave', city: 'Austin', state: 'TX', zip: '73301', price: 200000, property_type: 'single_family' } })).body.id;
  dealId = (await t.send('POST', '/deals', { token: agent.token, body: { title: '5 Yield Ave', property_id: propertyId, value: 200000 } })).body.id;
});
afterAll(() => t.close());

describe('deal scenarios', () => {
  it('computes, stores and lists a scenario with every figure explained', async () => {
    const res = await t.send('POST', `/deals/${dealId}/scenarios`, { token: agent.token, body: RENTAL });
    expect(res.status, res.text).toBe(201);
    const f = res.body.figures;
    expect([f.loan_amount.value, f.monthly_payment.value, f.cash_needed.value, f.noi.value, f.cap_rate.value, f.annual_cash_flow.value, f.cash_on_cash.value, f.flip_profit.value, f.roi.value]).toEqual([
      160000, 959.28, 55000, 16800, 8.4, 5288.64, 9.62, 45000, 20.93,
    ]);
    expect(f.monthly_payment).toMatchObject({ unit: 'usd', inputs: { loan_amount: 160000, n: 360 } });
    expect(f.cap_rate.formula).toBe('noi / purchase_price × 100');
    const list = await t.send('GET', `/deals/${dealId}/scenarios`, { token: viewer.token });
    expect(list.body.items[0]).toEqual(res.body);
  });

  it('compares scenarios and names the best per figure', async () => {
    const a = (await t.send('POST', `/deals/${dealId}/scenarios`, { token: agent.token, body: { ...RENTAL, name: 'Low down' , down_payment_pct: 10 } })).body;
    const b = (await t.send('POST', `/deals/${dealId}/scenarios`, { token: agent.token, body: { ...RENTAL, name: 'All cash', down_payment_pct: 100 } })).body;
    const res = await t.send('GET', `/portfolio/scenarios/compare?ids=${a.id},${b.id}`, { token: viewer.token });
    expect(res.status, res.text).toBe(200);
    const byName = Object.fromEntries(res.body.figures.map((x: { figure: string }) => [x.figure, x]));
    expect(byName.annual_cash_flow.best_scenario_id).toBe(b.id);
    expect(byName.cash_needed.best_scenario_id).toBe(a.id);
    expect(byName.cash_on_cash.best_scenario_id).toBe(a.id);
    expect(byName.noi.best_scenario_id).toBeNull();
    expectProblem(await t.send('GET', `/portfolio/scenarios/compare?ids=${a.id},${b.id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('GET', `/portfolio/scenarios/compare?ids=${a.id}`, { token: agent.token }), 422);
  });

  it('refuses bad inputs, viewers and other teams’ deals', async () => {
    expectInvalid(await t.send('POST', `/deals/${dealId}/scenarios`, { token: agent.token, body: { ...RENTAL, down_payment_pct: 120, extra: 1 } }), '/down_payment_pct', '/extra');
    expectProblem(await t.send('POST', `/deals/${dealId}/scenarios`, { token: viewer.token, body: RENTAL }), 403);
    expectProblem(await t.send('POST', `/deals/${dealId}/scenarios`, { token: stranger.token, body: RENTAL }), 404);
    expectProblem(await t.send('GET', `/deals/${dealId}/scenarios`, { token: stranger.token }), 404);
  });
});

describe('investors', () => {
  it('creates, reads, updates, lists and deletes an investor', async () => {
    const res = await t.send('POST', '/investors', { token: agent.token, body: { name: 'Crud Capital', email: 'crud@example.com', min_price: 100000, max_price: 300000, states: ['tx'] } });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ states: ['TX'], property_types: [], strategies: [], min_cap_rate: null });
    const patched = await t.send('PATCH', `/investors/${res.body.id}`, { token: agent.token, body: { min_cap_rate: 7.5, email: null } });
    expect(patched.body).toMatchObject({ min_cap_rate: 7.5, email: null, max_price: 300000 });
    expectInvalid(await t.send('PATCH', `/investors/${res.body.id}`, { token: agent.token, body: { min_price: 400000 } }), '/min_price');
    expectInvalid(await t.send('POST', '/investors', { token: agent.token, body: { name: 'x', min_price: 5, max_price: 1 } }), '/min_price');
    expect((await t.send('GET', `/investors/${res.body.id}`, { token: viewer.token })).body.name).toBe('Crud Capital');
    expectProblem(await t.send('GET', `/investors/${res.body.id}`, { token: stranger.token }), 404);
    expect((await t.send('GET', '/investors', { token: stranger.token })).body.total).toBe(0);
    expect((await t.send('DELETE', `/investors/${res.body.id}`, { token: agent.token })).status).toBe(204);
    expectProblem(await t.send('GET', `/investors/${res.body.id}`, { token: agent.token }), 404);
  });

  it('ranks investors by fit with a reason per criterion, and those who passed last', async () => {
    const team = await t.user({ role: 'agent' });
    const pid = (await t.send('POST', '/properties', { token: team.token, body: { address: '7 Match St', city: 'Austin', state: 'TX', zip: '73301', price: 200000, property_type: 'single_family' } })).body.id;
    const did = (await t.send('POST', '/deals', { token: team.token, body: { property_id: pid } })).body.id;
    await t.send('POST', `/deals/${did}/scenarios`, { token: team.token, body: RENTAL });
    const make = async (body: Record<string, unknown>) => (await t.send('POST', '/investors', { token: team.token, body })).body.id as string;
    const perfect = await make({ name: 'Perfect Fit', min_price: 150000, max_price: 250000, property_types: ['single_family'], states: ['TX'], cities: ['Austin'], min_cap_rate: 8, strategies: ['buy_and_hold'] });
    const partial = await make({ name: 'Dallas Only', min_price: 150000, max_price: 250000, states: ['TX'], cities: ['Dallas'], min_cap_rate: 10 });
    const poor = await make({ name: 'Condo Flipper', max_price: 100000, property_types: ['condo'], states: ['FL'] });
    const passer = await make({ name: 'Also Perfect', property_types: ['single_family'], states: ['TX'] });
    await t.send('POST', `/investors/${passer}/engagements`, { token: team.token, body: { type: 'passed', property_id: pid } });

    const res = await t.send('GET', `/properties/${pid}/suggested-investors`, { token: team.token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.cap_rate).toBe(8.4);
    expect(res.body.items.map((i: { investor: { id: string } }) => i.investor.id)).toEqual([perfect, partial, poor, passer]);
    const [first, second, third, last] = res.body.items;
    expect(first.score).toBe(100);
    expect(first.criteria.find((c: { criterion: string }) => c.criterion === 'strategy').reason).toMatch(/buy_and_hold/);
    // price 30 + type 20 (any) + location 10 (state only) + cap rate 0 + strategy 15 (any) = 75
    expect(second.score).toBe(75);
    expect(second.criteria.find((c: { criterion: string }) => c.criterion === 'cap_rate')).toMatchObject({ status: 'mismatch', reason: 'Cap rate 8.4% is below the minimum 10%.' });
    // cap rate 15 + strategy 15 (no preference)
    expect(third.score).toBe(30);
    expect(last).toMatchObject({ score: 100, last_engagement: 'passed' });
    expectProblem(await t.send('GET', `/properties/${pid}/suggested-investors`, { token: stranger.token }), 404);
  });

  it('records engagements and summarises them per investor', async () => {
    const id = (await t.send('POST', '/investors', { token: agent.token, body: { name: 'Engaged LLC' } })).body.id;
    for (const type of ['emailed', 'called', 'passed', 'interested']) {
      expect((await t.send('POST', `/investors/${id}/engagements`, { token: agent.token, body: { type, property_id: propertyId } })).status).toBe(201);
    }
    expectInvalid(await t.send('POST', `/investors/${id}/engagements`, { token: agent.token, body: { type: 'viewed', property_id: 'nope' } }), '/property_id');
    expect((await t.send('GET', `/investors/${id}/engagements`, { token: viewer.token })).body.total).toBe(4);
    const summary = await t.send('GET', `/investors/${id}/engagement-summary`, { token: viewer.token });
    expect(summary.body).toMatchObject({ total: 4, by_type: { viewed: 0, emailed: 1, called: 1, interested: 1, passed: 1 }, interested_property_ids: [propertyId], passed_property_ids: [] });
    expectProblem(await t.send('GET', `/investors/${id}/engagement-summary`, { token: stranger.token }), 404);
  });
});

describe('investor readiness and template performance', () => {
  it('checks the property live and flips items as the work gets done', async () => {
    const team = await t.user({ role: 'agent' });
    const pid = (await t.send('POST', '/properties', { token: team.token, body: { address: '1 Ready Rd', city: 'Austin', state: 'TX', zip: '73301' } })).body.id;
    const before = await t.send('GET', `/properties/${pid}/investor-readiness`, { token: team.token });
    expect(before.body).toMatchObject({ score: 0, ready: false });
    expect(before.body.checks.map((c: { id: string }) => c.id)).toEqual(['price', 'details', 'description', 'images', 'memo_pdf', 'deal_scenario', 'disclosures']);

    await t.send('PATCH', `/properties/${pid}`, { token: team.token, body: { price: 200000, bedrooms: 3, bathrooms: 2, sqft: 1500, property_type: 'single_family', description: 'A'.repeat(80) } });
    const did = (await t.send('POST', '/deals', { token: team.token, body: { property_id: pid } })).body.id;
    await t.send('POST', `/deals/${did}/scenarios`, { token: team.token, body: RENTAL });
    await t.database.db.insert(jobs).values({ id: crypto.randomUUID(), teamId: team.teamId, type: 'property.memo', payload: { property_id: pid }, state: 'completed', maxAttempts: 3 });
    const after = await t.send('GET', `/properties/${pid}/investor-readiness`, { token: team.token });
    const failing = after.body.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { id: string }) => c.id);
    expect(failing).toEqual(['images', 'disclosures']);
    expect(after.body.score).toBe(71);
    expectProblem(await t.send('GET', `/properties/${pid}/investor-readiness`, { token: stranger.token }), 404);
  });

  it('sums each template’s sends, deliveries, opens, clicks and unsubscribes', async () => {
    const team = await t.user({ role: 'agent' });
    const campaignId = crypto.randomUUID();
    await t.database.db.insert(campaigns).values({ id: campaignId, teamId: team.teamId, createdBy: team.id, name: 'c', subject: 's', templateId: 'new_listing', bodyText: 'b', recipientCount: 4, status: 'completed', linkBase: 'http://x', opens: 3, clicks: 1 });
    const sentAt = new Date();
    const recipient = (email: string, status: 'sent' | 'delivered' | 'failed' | 'queued') => ({ id: crypto.randomUUID(), teamId: team.teamId, campaignId, email, status, sentAt: status === 'queued' ? null : sentAt });
    await t.database.db.insert(campaignRecipients).values([recipient('a@x.com', 'delivered'), recipient('b@x.com', 'delivered'), recipient('c@x.com', 'failed'), recipient('d@x.com', 'sent'), recipient('e@x.com', 'queued')]);
    await t.database.db.insert(unsubscribes).values({ teamId: team.teamId, email: 'b@x.com', source: 'link' });
    const res = await t.send('GET', '/portfolio/template-performance', { token: team.token });
    expect(res.body.items).toEqual([
      { template_id: 'new_listing', name: 'New listing alert', campaigns: 1, sends: 4, delivered: 2, failed: 1, opens: 3, clicks: 1, unsubscribes: 1, delivery_rate: 50, open_rate: 75, click_rate: 25, unsubscribe_rate: 25 },
    ]);
    expect((await t.send('GET', '/portfolio/template-performance', { token: stranger.token })).body.items).toEqual([]);
  });
});
