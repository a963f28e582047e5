/**
 * Share links through the real app: create with a field whitelist, the public view without a
 * token shows exactly those fields, each view is counted (unique by visitor), revoked and
 * expired links are 410, unknown codes 404, another team's links 404, viewers cannot share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { domainEvents } from '../db/schema.js';
import { readRateLimitSettings } from '../lib/rate-limit/index.js';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';
import { shareLinks, shareLinkViews } from './tables.js';

let t: TestApp;
let agent: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let propertyId: string;

beforeAll(async () => {
  t = await createTestApp(NO_RATE_LIMITS);
  agent = await t.user({ role: 'agent' });
  viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
  stranger = await t.user();
  const created = await t.send('POST', '/properties', {
    token: agent.token,
    body: { address: '9 Share St', city: 'Austin', state: 'TX', zip: '73301', price: 450000, bedrooms: 3, owner_name: 'Private Owner', description: 'Bright corner lot' },
  });
  propertyId = created.body.id;
});
afterAll(() => t.close());

const share = (body: Record<string, unknown>, token = agent.token) => t.send('POST', '/share-links', { token, body });

describe('share links', () => {
  it('shares only the whitelisted fields, publicly, and counts each view', async () => {
    const res = await share({ resource_type: 'property', resource_id: propertyId, fields: ['address', 'city', 'price'], expires_in_days: 7 });
    expect(res.status, res.text).toBe(201);
    expect(res.body.code).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(res.body).toMatchObject({ url: `/s/${res.body.code}`, status: 'active', fields: ['address', 'city', 'price'] });
    expect(Date.parse(res.body.expires_at) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const view = await t.send('GET', `/s/${res.body.code}`, { headers: { 'User-Agent': 'browser-a', Referer: 'https://mail.example.com/inbox/123?x=1' } });
    expect(view.status, view.text).toBe(200);
    expect(view.body.shared).toEqual({ address: '9 Share St', city: 'Austin', price: 450000 });
    expect(view.text).not.toContain('Private Owner');
    expect(view.text).not.toContain(agent.teamId);
    expect(view.text).not.toContain(propertyId);
    expect(view.headers.get('cache-control')).toBe('no-store');
    await t.send('GET', `/s/${res.body.code}`, { headers: { 'User-Agent': 'browser-a' } });
    await t.send('GET', `/s/${res.body.code}`, { headers: { 'User-Agent': 'browser-b' } });

    const stats = await t.send('GET', `/share-links/${res.body.id}/analytics`, { token: viewer.token });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ views_total: 3, unique_visitors: 2, top_referrers: [{ referrer: 'https://mail.example.com', views: 1 }] });
    expect(stats.body.by_day).toEqual([{ day: new Date().toISOString().slice(0, 10), views: 3, unique_visitors: 2 }]);
    expect(Date.parse(stats.body.last_viewed_at)).toBeGreaterThan(Date.now() - 60_000);
    const stored = await t.database.db.select().from(shareLinkViews).where(eq(shareLinkViews.shareLinkId, res.body.id));
    expect(stored.map((v) => v.referrer).sort()).toEqual(['https://mail.example.com', null, null]);
  });

  it('shares the default fields, never the owner, when none are listed', async () => {
    const res = await share({ resource_type: 'property', resource_id: propertyId });
    const view = await t.send('GET', `/s/${res.body.code}`);
    expect(Object.keys(view.body.shared).sort()).toEqual(['address', 'bathrooms', 'bedrooms', 'city', 'description', 'price', 'property_type', 'sqft', 'state', 'zip']);
    expect(view.body.disclaimer).toMatch(/not an offer/);
  });

  it('answers 410 once revoked or expired, 404 for an unknown code', async () => {
    const res = await share({ resource_type: 'property', resource_id: propertyId });
    const revoked = await t.send('POST', `/share-links/${res.body.id}/revoke`, { token: agent.token });
    expect(revoked.body).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) });
    expect(expectProblem(await t.send('GET', `/s/${res.body.code}`), 410).detail).toMatch(/revoked/);
    expect((await t.send('POST', `/share-links/${res.body.id}/revoke`, { token: agent.token })).body.revoked_at).toBe(revoked.body.revoked_at);

    const other = await share({ resource_type: 'property', resource_id: propertyId });
    await t.database.db.update(shareLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shareLinks.id, other.body.id));
    expect(expectProblem(await t.send('GET', `/s/${other.body.code}`), 410).detail).toMatch(/expired/);
    expect((await t.send('GET', `/share-links/${other.body.id}`, { token: agent.token })).body.status).toBe('expired');
    expectProblem(await t.send('GET', '/s/nope123456'), 404);
  });

  it('refuses fields that cannot be shared, both expiries, a past expiry and another team’s property', async () => {
    expectInvalid(await share({ resource_type: 'property', resource_id: propertyId, fields: ['address', 'team_id'] }), '/fields/1');
    expectInvalid(await share({ resource_type: 'property', resource_id: propertyId, expires_at: '2030-01-01T00:00:00Z', expires_in_days: 3 }), '/expires_in_days');
    expectInvalid(await share({ resource_type: 'property', resource_id: propertyId, expires_at: '2020-01-01T00:00:00Z' }), '/expires_at');
    expectInvalid(await share({ resource_type: 'property', resource_id: propertyId }, stranger.token), '/resource_id');
    expectProblem(await share({ resource_type: 'property', resource_id: propertyId }, viewer.token), 403);
  });

  it('keeps links within the team: list, get and analytics of another team are 404', async () => {
    const res = await share({ resource_type: 'property', resource_id: propertyId });
    const list = await t.send('GET', `/share-links?resource_id=${propertyId}`, { token: agent.token });
    expect(list.body.items.map((l: { id: string }) => l.id)).toContain(res.body.id);
    expect((await t.send('GET', '/share-links', { token: stranger.token })).body.total).toBe(0);
    expectProblem(await t.send('GET', `/share-links/${res.body.id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('GET', `/share-links/${res.body.id}/analytics`, { token: stranger.token }), 404);
    expectProblem(await t.send('POST', `/share-links/${res.body.id}/revoke`, { token: stranger.token }), 404);
    expectProblem(await t.send('GET', '/share-links'), 401);
  });

  it('announces creation, views and revocation on the team’s event feed', async () => {
    const team = await t.user({ role: 'agent' });
    const pid = (await t.send('POST', '/properties', { token: team.token, body: { address: '1 Feed St', city: 'Austin', state: 'TX', zip: '73301' } })).body.id;
    const link = (await share({ resource_type: 'property', resource_id: pid }, team.token)).body;
    await t.send('GET', `/s/${link.code}`);
    await t.send('POST', `/share-links/${link.id}/revoke`, { token: team.token });
    const events = await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, team.teamId)).orderBy(asc(domainEvents.id));
    expect(events.map((e) => e.type)).toEqual(['property.created', 'share_link.created', 'share_link.viewed', 'share_link.revoked']);
    expect(events[2].data).toMatchObject({ share_link_id: link.id, code: link.code });
  });

  it('replays a create with the same Idempotency-Key instead of making a second code', async () => {
    const headers = { 'Idempotency-Key': `share-${crypto.randomUUID()}` };
    const body = { resource_type: 'property', resource_id: propertyId };
    const first = await t.send('POST', '/share-links', { token: agent.token, body, headers });
    const again = await t.send('POST', '/share-links', { token: agent.token, body, headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.code).toBe(first.body.code);
  });
});

describe('the public view under the general rate limit', () => {
  it('counts anonymous views per client address and answers 429 past the budget', async () => {
    const limited = await createTestApp({ rateLimit: readRateLimitSettings({ RATE_LIMIT_DEFAULT: '3/60' }) });
    try {
      const owner = await limited.user({ role: 'agent' });
      const pid = (await limited.send('POST', '/properties', { token: owner.token, body: { address: '1 Limit St', city: 'Austin', state: 'TX', zip: '73301' } })).body.id;
      const link = (await limited.send('POST', '/share-links', { token: owner.token, body: { resource_type: 'property', resource_id: pid } })).body;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.send('GET', `/s/${link.code}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      // The owner's own budget (per user) is untouched by the anonymous views.
      expect((await limited.send('GET', `/share-links/${link.id}/analytics`, { token: owner.token })).body.views_total).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
