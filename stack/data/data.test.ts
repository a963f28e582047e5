/**
 * The data domain through the real app: signals are validated per type and explain the
 * propensity score with the property's own history; provenance follows create, PATCH and
 * enrichment; enrichment runs as a job against the shipped parcels (fills only empty fields, a
 * miss completes with matched: false, a pinned version that differs dies); quality flags name
 * the field and the fix. Other teams' properties are 404 everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { runDueJobs } from '../../test/support/jobs.js';
import { eventsAfter } from '../events/store.js';
import { parcelKey } from './address.js';
import { parcelDataset } from './open-data.js';

let t: TestApp;
let admin: TestUser;
let agent: TestUser;
let viewer: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await createTestApp(NO_RATE_LIMITS);
  admin = await t.user({ role: 'admin' });
  agent = await t.user({ role: 'agent', teamId: admin.teamId });
  viewer = await t.user({ role: 'viewer', teamId: admin.teamId });
  outsider = await t.user();
});
afterAll(() => t.close());

const MATCHING = { address: '500 Provenance Way', city: 'Springfield', state: 'IL', zip: '62701' };

async function createProperty(body: Record<string, unknown>, token = agent.token): Promise<string> {
  const res = await t.send('POST', '/properties', { token, body });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function enrich(id: string) {
  const queued = await t.send('POST', `/properties/${id}/enrich`, { token: agent.token });
  expect(queued.status).toBe(202);
  expect(queued.headers.get('location')).toBe(`/jobs/${queued.body.id}/status`);
  const runs = await runDueJobs(t);
  expect(runs.find((r) => r.id === queued.body.id)?.outcome).toBe('completed');
  return (await t.send('GET', `/jobs/${queued.body.id}/status`, { token: agent.token })).body;
}

describe('address keys', () => {
  it('normalise suffixes, case, punctuation, units and ZIP+4', () => {
    expect(parcelKey('500 provenance way, Apt 4', '62701-1234')).toBe('500 PROVENANCE WAY|62701');
    expect(parcelKey('48 Harbor View Drive', '92101')).toBe(parcelKey('48 HARBOR VIEW DR.', '92101'));
    expect(parcelKey('1 Main St', '123')).toBeUndefined();
  });

  it('ships a synthetic data set of a few hundred parcels with the scenario address in it', () => {
    const dataset = parcelDataset();
    expect(dataset).toMatchObject({ dataset: 'county-parcels', synthetic: true });
    expect(dataset.byKey.size).toBeGreaterThanOrEqual(200);
    expect(dataset.byKey.get('500 PROVENANCE WAY|62701')).toMatchObject({ owner_occupied: false, building_sqft: 2100 });
  });
});

describe('signals and propensity', () => {
  it('records valid signals, refuses wrong values, roles and teams', async () => {
    const id = await createProperty({ address: '1 Signal St', city: 'Austin', state: 'TX', zip: '78701', price: 300000 });
    const ok = await t.send('POST', `/properties/${id}/signals`, { token: agent.token, body: { type: 'tax_delinquent', value: true, source: 'county-tax-roll' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ property_id: id, type: 'tax_delinquent', value: true, source: 'county-tax-roll' });
    const wrong = await t.send('POST', `/properties/${id}/signals`, { token: agent.token, body: { type: 'equity_pct', value: 140, source: 'x' } });
    expect(wrong.status).toBe(422);
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
    expect(wrong.body.errors).toEqual([{ pointer: '/value', detail: 'must be a number from 0 to 100' }]);
    const unknown = await t.send('POST', `/properties/${id}/signals`, { token: agent.token, body: { type: 'moon_phase', value: 1, source: 'x' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].pointer).toBe('/type');
    const future = await t.send('POST', `/properties/${id}/signals`, { token: agent.token, body: { type: 'absentee_owner', value: true, source: 'x', observed_at: '2999-01-01T00:00:00Z' } });
    expect(future.status).toBe(422);
    expect((await t.send('POST', `/properties/${id}/signals`, { token: viewer.token, body: { type: 'absentee_owner', value: true, source: 'x' } })).status).toBe(403);
    expect((await t.send('POST', `/properties/${id}/signals`, { token: outsider.token, body: { type: 'absentee_owner', value: true, source: 'x' } })).status).toBe(404);
    expect((await t.send('GET', `/properties/${id}/signals`, { token: outsider.token })).status).toBe(404);
    const list = await t.send('GET', `/properties/${id}/signals`, { token: viewer.token });
    expect(list.body).toMatchObject({ total: 1, items: [{ type: 'tax_delinquent' }] });
    const events = await eventsAfter(t.database.db, admin.teamId, 0, 1000);
    expect(events.some((e) => e.type === 'property.signal_recorded' && (e.data as { id: string }).id === ok.body.id)).toBe(true);
  });

  it('scores the newest signal of each type plus the property’s price drops, explaining each', async () => {
    const id = await createProperty({ address: '2 Signal St', city: 'Austin', state: 'TX', zip: '78701', price: 400000 });
    const baseline = await t.send('GET', `/properties/${id}/propensity`, { token: viewer.token });
    expect(baseline.status).toBe(200);
    expect(baseline.body).toMatchObject({ score: 8, band: 'low', contributions: [], model: { kind: 'logistic' } });
    const signal = (type: string, value: unknown, observed_at: string) => t.send('POST', `/properties/${id}/signals`, { token: agent.token, body: { type, value, source: 'test', observed_at } });
    await signal('years_owned', 4, '2026-01-01T00:00:00Z');
    await signal('years_owned', 10, '2026-06-01T00:00:00Z');
    await signal('tax_delinquent', true, '2026-02-01T00:00:00Z');
    await t.send('PATCH', `/properties/${id}`, { token: agent.token, body: { price: 380000 } });
    const scored = await t.send('GET', `/properties/${id}/propensity`, { token: viewer.token });
    // z = -2.5 + 1.6 (tax) + 1.2 * 10/20 (years, the newer one) + 0.5 * 1/3 (one price drop)
    expect(scored.body.score).toBe(47);
    expect(scored.body.contributions.map((c: { feature: string }) => c.feature)).toEqual(['tax_delinquent', 'years_owned', 'history_price_drops']);
    expect(scored.body.contributions[1]).toMatchObject({ value: 10, weight: 1.2, scaled: 0.5, log_odds: 0.6, text: 'Owned for 10 years (long tenure; capped at 20)' });
    const points = scored.body.contributions.reduce((s: number, c: { points: number }) => s + c.points, 0);
    expect(Math.round(scored.body.baseline + points)).toBe(scored.body.score);
    expect((await t.send('GET', `/properties/${id}/propensity`, { token: outsider.token })).status).toBe(404);
  });
});

describe('provenance and enrichment', () => {
  it('records the user for created and patched fields', async () => {
    const id = await createProperty({ address: '3 Source Rd', city: 'Austin', state: 'TX', zip: '78701', price: 250000, owner_name: null });
    const created = await t.send('GET', `/properties/${id}/provenance`, { token: viewer.token });
    expect(created.body.fields.map((f: { field: string }) => f.field)).toEqual(['address', 'city', 'price', 'stage', 'state', 'zip']);
    expect(created.body.fields[0]).toMatchObject({ source: `user:${agent.id}`, source_kind: 'user', dataset_version: null });
    await t.send('PATCH', `/properties/${id}`, { token: admin.token, body: { price: 260000, sqft: 1200 } });
    const patched = await t.send('GET', `/properties/${id}/provenance`, { token: viewer.token });
    const byField = Object.fromEntries(patched.body.fields.map((f: { field: string; source: string }) => [f.field, f.source]));
    expect(byField).toMatchObject({ price: `user:${admin.id}`, sqft: `user:${admin.id}`, city: `user:${agent.id}` });
    expect((await t.send('GET', `/properties/${id}/provenance`, { token: outsider.token })).status).toBe(404);
  });

  it('fills only empty fields from the matched parcel, with provenance, parcel attributes and signals; twice adds nothing', async () => {
    const id = await createProperty({ ...MATCHING, price: 310000, sqft: 2600 });
    const job = await enrich(id);
    expect(job.state).toBe('completed');
    expect(job.result).toMatchObject({ matched: true, dataset: 'county-parcels', dataset_version: '2026.11', filled_fields: ['bedrooms', 'bathrooms', 'property_type', 'owner_name'], signals_added: ['years_owned', 'absentee_owner'] });
    expect(job.result.parcel).toMatchObject({ year_built: 1961, owner_occupied: false, last_sale_date: '2001-08-15' });
    const property = (await t.send('GET', `/properties/${id}`, { token: viewer.token })).body;
    expect(property).toMatchObject({ sqft: 2600, bedrooms: 3, bathrooms: 2, property_type: 'single_family', owner_name: 'Dana Whitfield' });
    const provenance = Object.fromEntries((await t.send('GET', `/properties/${id}/provenance`, { token: viewer.token })).body.fields.map((f: { field: string }) => [f.field, f]));
    expect(provenance.bedrooms).toMatchObject({ source: 'enrichment:county-parcels', source_kind: 'enrichment', dataset_version: '2026.11' });
    expect(provenance['parcel.year_built']).toMatchObject({ source: 'enrichment:county-parcels' });
    expect(provenance.sqft.source).toBe(`user:${agent.id}`);
    const signals = (await t.send('GET', `/properties/${id}/signals`, { token: viewer.token })).body;
    expect(signals.items.map((s: { type: string; value: unknown }) => [s.type, s.value])).toContainEqual(['absentee_owner', true]);
    const timeline = (await t.send('GET', `/properties/${id}/timeline`, { token: viewer.token })).body.items;
    expect(timeline[0]).toMatchObject({ kind: 'updated', data: { source: 'enrichment:county-parcels' } });
    const again = await enrich(id);
    expect(again.result).toMatchObject({ matched: true, filled_fields: [], signals_added: [] });
    expect((await t.send('GET', `/properties/${id}/signals`, { token: viewer.token })).body.total).toBe(signals.total);
  });

  it('completes with matched: false when the address is not in the data set', async () => {
    const id = await createProperty({ address: '9 Nowhere Ln', city: 'Austin', state: 'TX', zip: '78701' });
    const job = await enrich(id);
    expect(job).toMatchObject({ state: 'completed', attempts: 1, result: { matched: false, dataset: 'county-parcels' } });
    expect(job.result.reason).toContain('No county-parcels record');
  });

  it('refuses viewers and other teams, and kills a job pinned to another data set version', async () => {
    const id = await createProperty({ ...MATCHING, address: '77 Ledger Court', zip: '62704' });
    expect((await t.send('POST', `/properties/${id}/enrich`, { token: viewer.token })).status).toBe(403);
    expect((await t.send('POST', `/properties/${id}/enrich`, { token: outsider.token })).status).toBe(404);
    const pinned = await t.send('POST', '/jobs', { token: agent.token, body: { type: 'property.enrichment', payload: { property_id: id, dataset_version: '1999.01' } } });
    expect(pinned.status).toBe(202);
    await runDueJobs(t);
    const status = (await t.send('GET', `/jobs/${pinned.body.id}/status`, { token: agent.token })).body;
    expect(status).toMatchObject({ state: 'dead', attempts: 1 });
    expect(status.last_error).toContain('ships version 2026.11');
  });
});

describe('data quality', () => {
  it('flags missing fields, implausible values and conflicts with the open data', async () => {
    const id = await createProperty({ ...MATCHING, price: 5000000, sqft: 900, bedrooms: 25 });
    await enrich(id);
    const res = await t.send('GET', `/properties/${id}/data-quality`, { token: viewer.token });
    expect(res.status).toBe(200);
    const codes = res.body.flags.map((f: { code: string; field: string }) => `${f.code}:${f.field}`);
    expect(codes).toEqual(expect.arrayContaining(['implausible_bedrooms:bedrooms', 'price_per_sqft_outlier:price', 'conflicts_with_open_data:sqft', 'conflicts_with_open_data:bedrooms']));
    expect(res.body.flags[0]).toMatchObject({ severity: 'error', code: 'implausible_bedrooms' });
    const clean = await createProperty({ address: '10 Clean St', city: 'Austin', state: 'TX', zip: '78701', price: 400000, sqft: 1600, bedrooms: 3, bathrooms: 2, property_type: 'condo', owner_name: 'A B' });
    expect((await t.send('GET', `/properties/${clean}/data-quality`, { token: viewer.token })).body.flags).toEqual([]);
    const bare = await createProperty({ address: '11 Bare St', city: 'Austin', state: 'TX', zip: '78701' });
    const missing = (await t.send('GET', `/properties/${bare}/data-quality`, { token: viewer.token })).body.flags;
    expect(missing.filter((f: { code: string }) => f.code === 'missing_field').map((f: { field: string }) => f.field).sort()).toEqual(['bathrooms', 'bedrooms', 'owner_name', 'price', 'property_type', 'sqft']);
    expect((await t.send('GET', `/properties/${id}/data-quality`, { token: outsider.token })).status).toBe(404);
  });

  it('summarises the team’s flags by code and severity, worst properties first, and no other team’s', async () => {
    const summary = await t.send('GET', '/data/quality?limit=2', { token: viewer.token });
    expect(summary.status).toBe(200);
    expect(summary.body.properties_checked).toBeGreaterThan(5);
    expect(summary.body.by_severity.error).toBeGreaterThanOrEqual(1);
    expect(summary.body.by_code.implausible_bedrooms).toBe(1);
    expect(summary.body.properties).toHaveLength(2);
    expect(summary.body.properties[0].flags[0].code).toBe('implausible_bedrooms');
    const errorsOnly = await t.send('GET', '/data/quality?severity=error', { token: viewer.token });
    expect(errorsOnly.body.by_severity).toMatchObject({ warning: 0, info: 0 });
    const theirs = await t.send('GET', '/data/quality', { token: outsider.token });
    expect(theirs.body).toMatchObject({ properties_checked: 0, flags: 0 });
    expect((await t.send('GET', '/data/quality?limit=0', { token: viewer.token })).status).toBe(422);
  });
});
