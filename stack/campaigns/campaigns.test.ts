/**
 * Campaigns end to end through the app and a real SMTP catcher: the seed's demo call (202, the
 * mail arrives with its subject, recipient, unsubscribe link and List-Unsubscribe header),
 * per-recipient status and stats, unsubscribes skipped and counted, drafts, lead filters,
 * validation, roles, tenant scope and idempotent re-delivery. A test app has no worker: the
 * campaign.deliver job each send queues runs when the test drains the queue (runDueJobs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem, insertProperty } from '../../test/support/fixtures.js';
import { runDueJobs } from '../../test/support/jobs.js';
import { startTestMail, type TestMail } from '../../test/support/mail.js';
import { domainEvents, jobs, leads } from '../db/schema.js';
import { createLogger } from '../lib/logger.js';
import { deliverCampaign } from './delivery.js';
import { campaignRecipients } from './tables.js';

const SEED = { name: 'New Listing Alert', subject: 'New 3BR Home in SF', recipients: ['jane@example.com'], template_id: 'new_listing' };

describe('campaigns', () => {
  let t: TestApp;
  let mail: TestMail;
  let admin: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    mail = await startTestMail();
    t = await createTestApp(mail.config);
    admin = await t.user();
    stranger = await t.user();
  });
  afterAll(async () => {
    await t.close();
    await mail.close();
  });

  const mailTo = (address: string, subject: string) => mail.waitFor((m) => m.rcptTo.includes(address) && m.parsed.subject === subject);

  it('answers the seed demo call with 202 and the mail reaches the catcher', async () => {
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: SEED });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ name: 'New Listing Alert', subject: 'New 3BR Home in SF', template_id: 'new_listing', status: 'sending', recipient_count: 1 });
    expect(res.headers.get('location')).toBe(`/campaigns/${res.body.id}`);
    // The delivery job was queued with the campaign; running it sends the mail.
    const [job] = await t.database.db.select().from(jobs).where(eq(jobs.teamId, admin.teamId));
    expect(job).toMatchObject({ type: 'campaign.deliver', state: 'queued', payload: { campaign_id: res.body.id } });
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ id: job.id, outcome: 'completed' })]);
    const message = await mailTo('jane@example.com', 'New 3BR Home in SF');
    expect(message.parsed.text).toContain('Hi there,');
    const unsubscribe = /https?:\/\/\S+\/unsubscribe\?token=\S+/.exec(message.parsed.text ?? '')?.[0];
    expect(unsubscribe).toBeDefined();
    expect(message.raw).toMatch(/^List-Unsubscribe:\s+<http[^>]*\/unsubscribe\?token=/im);
    expect(message.raw).toMatch(new RegExp(`^X-Reos-Campaign-Id: ${res.body.id}`, 'im'));

    const detail = await t.send('GET', `/campaigns/${res.body.id}`, { token: admin.token });
    expect(detail.body.status).toBe('completed');
    expect(detail.body.recipients).toEqual([expect.objectContaining({ email: 'jane@example.com', status: 'sent', attempts: 1, last_error: null, sent_at: expect.any(String) })]);
    const stats = await t.send('GET', `/campaigns/${res.body.id}/stats`, { token: admin.token });
    expect(stats.body).toEqual({ campaign_id: res.body.id, status: 'completed', recipients: 1, sent: 1, delivered: 0, failed: 0, skipped_unsubscribed: 0, blocked: 0, pending: 0, opens: 0, clicks: 0 });
    // Announced on the team's event feed (what SSE subscribers receive).
    const events = (await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, admin.teamId)).orderBy(domainEvents.id)).filter((e) => e.type.startsWith('campaign.'));
    expect(events.map((e) => e.type)).toEqual(['campaign.sent', 'campaign.completed']);
    expect(events[0].data).toMatchObject({ id: res.body.id, status: 'sending' });
    expect(events[1].data).toEqual(stats.body);
  });

  it('skips and counts an address unsubscribed through the link in a previous mail', async () => {
    const first = await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'First mail', recipients: ['leaver@example.com', 'stayer@example.com'] } });
    await runDueJobs(t);
    const message = await mailTo('leaver@example.com', 'First mail');
    const link = new URL(/https?:\/\/\S+\/unsubscribe\?token=\S+/.exec(message.parsed.text ?? '')![0]);
    const page = await t.send('GET', `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('leaver@example.com will not receive these emails');
    expect((await t.send('GET', `/campaigns/${first.body.id}/stats`, { token: admin.token })).body).toMatchObject({ sent: 2 });

    const second = await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'Second mail', recipients: ['LEAVER@example.com', 'stayer@example.com'] } });
    await runDueJobs(t);
    await mailTo('stayer@example.com', 'Second mail');
    const stats = await t.send('GET', `/campaigns/${second.body.id}/stats`, { token: admin.token });
    expect(stats.body).toMatchObject({ recipients: 2, sent: 1, skipped_unsubscribed: 1, pending: 0, status: 'completed' });
    expect(mail.catcher.messages().some((m) => m.rcptTo.includes('leaver@example.com') && m.parsed.subject === 'Second mail')).toBe(false);
    const list = await t.send('GET', '/campaigns/unsubscribes', { token: admin.token });
    expect(list.body.items).toEqual([expect.objectContaining({ email: 'leaver@example.com', source: 'link' })]);
    // The list is the team's: another team still mails that address.
    expect((await t.send('GET', '/campaigns/unsubscribes', { token: stranger.token })).body.total).toBe(0);
  });

  it('honours the one-click unsubscribe POST a mail client sends (RFC 8058, form-encoded)', async () => {
    await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'One click', recipients: ['oneclick@example.com'] } });
    await runDueJobs(t);
    const message = await mailTo('oneclick@example.com', 'One click');
    const link = new URL(/https?:\/\/\S+\/unsubscribe\?token=\S+/.exec(message.parsed.text ?? '')![0]);
    const res = await t.send('POST', `${link.pathname}${link.search}`, { body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    const list = await t.send('GET', '/campaigns/unsubscribes', { token: admin.token });
    expect(list.body.items).toContainEqual(expect.objectContaining({ email: 'oneclick@example.com', source: 'link' }));
  });

  it('refuses a forged or edited unsubscribe token', async () => {
    expectProblem(await t.send('GET', '/unsubscribe?token=abc.def'), 400);
    expectProblem(await t.send('GET', '/unsubscribe'), 422);
  });

  it('manages the unsubscribe list through the API', async () => {
    const added = await t.send('POST', '/campaigns/unsubscribes', { token: admin.token, body: { email: 'Api@Example.com' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email: 'api@example.com', source: 'api' });
    expect((await t.send('POST', '/campaigns/unsubscribes', { token: admin.token, body: { email: 'api@example.com' } })).status).toBe(200);
    expectInvalid(await t.send('POST', '/campaigns/unsubscribes', { token: admin.token, body: { email: 'nope' } }), '/email');
    expect((await t.send('DELETE', '/campaigns/unsubscribes/api@example.com', { token: admin.token })).status).toBe(204);
    expectProblem(await t.send('DELETE', '/campaigns/unsubscribes/api@example.com', { token: admin.token }), 404);
  });

  it('keeps a draft unsent until POST /campaigns/{id}/send, which works once', async () => {
    const draft = await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'Draft mail', recipients: ['draft@example.com'], draft: true } });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    expect(await runDueJobs(t)).toEqual([]);
    expect(mail.catcher.messages().some((m) => m.parsed.subject === 'Draft mail')).toBe(false);
    expectProblem(await t.send('POST', `/campaigns/${draft.body.id}/send`, { token: stranger.token }), 404);
    const sent = await t.send('POST', `/campaigns/${draft.body.id}/send`, { token: admin.token });
    expect(sent.status).toBe(202);
    expect(sent.body.status).toBe('sending');
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ type: 'campaign.deliver', outcome: 'completed' })]);
    await mailTo('draft@example.com', 'Draft mail');
    expectProblem(await t.send('POST', `/campaigns/${draft.body.id}/send`, { token: admin.token }), 409);
  });

  it('never mails a recipient twice when delivery runs again', async () => {
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'Once only', recipients: ['once@example.com'] } });
    await runDueJobs(t);
    const report = await deliverCampaign({ db: t.database.db, mailer: { send: () => Promise.reject(new Error('must not send')), close: () => undefined }, secret: t.config.jwt.secret, logger: createLogger({ level: 'silent' }) }, res.body.id);
    expect(report).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
    expect(mail.catcher.messages().filter((m) => m.parsed.subject === 'Once only')).toHaveLength(1);
  });

  it('runs campaign.deliver submitted through POST /jobs only for a campaign of the caller’s team', async () => {
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'Resubmitted', recipients: ['resubmit@example.com'] } });
    await runDueJobs(t);
    expectInvalid(await t.send('POST', '/jobs', { token: stranger.token, body: { type: 'campaign.deliver', payload: { campaign_id: res.body.id } } }), '/payload/campaign_id');
    const again = await t.send('POST', '/jobs', { token: admin.token, body: { type: 'campaign.deliver', payload: { campaign_id: res.body.id } } });
    expect(again.status).toBe(202);
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ id: again.body.id, outcome: 'completed' })]);
    // Everyone was already mailed: the second run sends nothing.
    const status = await t.send('GET', `/jobs/${again.body.id}/status`, { token: admin.token });
    expect(status.body.result).toMatchObject({ this_attempt: { sent: 0 }, stats: { sent: 1, pending: 0 } });
    expect(mail.catcher.messages().filter((m) => m.parsed.subject === 'Resubmitted')).toHaveLength(1);
  });

  it('mails the team’s leads matching a filter, greeting them by name, with the property’s details', async () => {
    const propertyId = await insertProperty(t, admin, '1 Filter Way');
    for (const [name, email, status] of [['Ann Hot', 'ann@example.com', 'hot'], ['Bob Cold', 'bob@example.com', 'cold'], ['No Mail', null, 'hot']] as const) {
      await t.database.db.insert(leads).values({ id: crypto.randomUUID(), teamId: admin.teamId, createdBy: admin.id, name, email, status });
    }
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: { name: 'Hot leads', template_id: 'price_drop', property_id: propertyId, lead_filter: { status: 'hot' } } });
    expect(res.status, res.text).toBe(202);
    expect(res.body.recipient_count).toBe(1);
    await runDueJobs(t);
    const message = await mailTo('ann@example.com', 'Price reduced: 1 Filter Way');
    expect(message.parsed.text).toContain('Hi Ann Hot,');
    const rows = await t.database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, res.body.id));
    expect(rows.map((r) => r.leadId)).toEqual([expect.any(String)]);
  });

  it('validates recipients, template, property and variables', async () => {
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, recipients: ['ok@example.com', 'not-an-address'] } }), '/recipients/1');
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, recipients: undefined } }), '/recipients');
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, lead_filter: { status: 'hot' } } }), '/recipients');
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, template_id: 'nope' } }), '/template_id');
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, template_id: 'price_drop' } }), '/property_id');
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'Hi {{mystery}}' } }), '/subject');
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, lead_filter: { status: 'nobody' }, recipients: undefined } }), '/lead_filter');
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, surprise: 1 } }), '/surprise');
  });

  it('lets a viewer read but not send, and hides other teams’ campaigns', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: admin.teamId });
    expectProblem(await t.send('POST', '/campaigns', { token: viewer.token, body: SEED }), 403);
    const list = await t.send('GET', '/campaigns', { token: viewer.token });
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    const id = list.body.items[0].id;
    expectProblem(await t.send('GET', `/campaigns/${id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('GET', `/campaigns/${id}/stats`, { token: stranger.token }), 404);
    expect((await t.send('GET', '/campaigns', { token: stranger.token })).body.total).toBe(0);
    expectProblem(await t.send('GET', '/campaigns'), 401);
    expectProblem(await t.send('GET', '/campaigns/nonexistent-id', { token: admin.token }), 404);
  });
});
