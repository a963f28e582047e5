import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { runDueJobs } from '../../test/support/jobs.js';
import { startTestMail, type TestMail } from '../../test/support/mail.js';
import { postSendgrid } from '../../test/support/webhooks.js';

describe('analytics', () => {
  let t: TestApp;
  let agent: TestUser;
  let viewer: TestUser;
  let rival: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    rival = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const dashboard = async (user: TestUser) => {
    const res = await t.send('GET', '/analytics/dashboard', { token: user.token });
    expect(res.status).toBe(200);
    return res.body;
  };

  // Found by the contract fuzzer (docs/fuzz.md): a source named like an Object.prototype member
  // came back as "function Object() { [native code] }1", off the documented integer schema.
  it('counts sources named constructor, __proto__ and toString like any other', async () => {
    const other = await t.user({ role: 'agent' });
    for (const source of ['constructor', '__proto__', 'toString', 'constructor']) {
      expect((await t.send('POST', '/leads', { token: other.token, body: { name: 'P', source } })).status).toBe(201);
    }
    const res = await t.send('GET', '/analytics/leads', { token: other.token });
    expect(Object.entries(JSON.parse(res.text).by_source).sort()).toEqual([['__proto__', 1], ['constructor', 2], ['toString', 1]]);
  });

  it('starts at zero with every status listed, and follows the data as it changes', async () => {
    const empty = await dashboard(viewer);
    expect(empty.properties).toMatchObject({ total: 0, by_status: expect.objectContaining({ new: 0, closed: 0 }) });
    expect(empty.leads).toMatchObject({ total: 0, by_status: expect.objectContaining({ new: 0, qualified: 0 }), by_source: {} });
    expect(empty.deals).toMatchObject({ total: 0, open_value: 0, won_value: 0, win_rate: 0 });
    expect(empty.conversion).toMatchObject({ leads: 0, deals: 0, lead_to_deal_rate: 0 });
    expect(empty.communications.total).toBe(0);

    const property = (await t.send('POST', '/properties', { token: agent.token, body: { address: '1 Main St', city: 'X', state: 'CA', zip: '90000', price: 500000 } })).body;
    await t.send('POST', '/properties', { token: agent.token, body: { address: '2 Main St', city: 'X', state: 'CA', zip: '90000', price: 250000.5 } });
    const lead1 = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'A', source: 'website', phone: '+15551230001' } })).body;
    const lead2 = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'B', source: 'website' } })).body;
    await t.send('POST', '/leads', { token: agent.token, body: { name: 'C', source: 'referral' } });
    await t.send('POST', '/leads', { token: agent.token, body: { name: 'D' } });
    const deal1 = (await t.send('POST', '/deals', { token: agent.token, body: { lead_id: lead1.id, property_id: property.id, value: 500000 } })).body;
    await t.send('POST', '/deals', { token: agent.token, body: { lead_id: lead2.id, value: 300000, status: 'prospecting' } });
    await t.send('POST', '/communications/sms', { token: agent.token, body: { lead_id: lead1.id, to: '+15551230001', body: 'Hi' } });
    await t.send('POST', '/communications/calls', { token: agent.token, body: { lead_id: lead2.id, direction: 'inbound', from: '+15551230002', outcome: 'connected' } });

    let now = await dashboard(agent);
    expect(now.properties).toMatchObject({ total: 2, total_list_value: 750000.5, by_status: expect.objectContaining({ new: 2 }) });
    expect(now.leads).toMatchObject({ total: 4, by_status: expect.objectContaining({ new: 4 }), by_source: { website: 2, referral: 1, unknown: 1 } });
    expect(now.deals).toMatchObject({ total: 2, open_value: 800000, won_value: 0 });
    expect(now.deals.by_stage).toContainEqual({ status: 'negotiation', count: 1, total_value: 500000 });
    expect(now.conversion).toMatchObject({ leads: 4, leads_with_deal: 2, deals: 2, closed_won: 0, lead_to_deal_rate: 0.5 });
    expect(now.communications).toMatchObject({ total: 2, leads_contacted: 2 });
    expect(now.communications.by_channel.sms).toEqual({ total: 1, outbound: 1, inbound: 0, by_status: { sent: 1 } });
    expect(now.communications.by_channel.call).toMatchObject({ total: 1, inbound: 1 });

    await t.send('PATCH', `/deals/${deal1.id}`, { token: agent.token, body: { status: 'under_contract' } });
    await t.send('PATCH', `/deals/${deal1.id}`, { token: agent.token, body: { status: 'closed_won' } });
    now = await dashboard(agent);
    expect(now.deals).toMatchObject({ open_value: 300000, won_value: 500000, win_rate: 1 });
    expect(now.conversion).toMatchObject({ closed_won: 1, deal_to_won_rate: 0.5, lead_to_won_rate: 0.25 });

    const perDomain = await t.send('GET', '/analytics/deals', { token: agent.token });
    expect(perDomain.body).toEqual(now.deals);
    expect((await t.send('GET', '/analytics/leads', { token: agent.token })).body).toEqual(now.leads);
    expect((await t.send('GET', '/analytics/properties', { token: agent.token })).body).toEqual(now.properties);
    expect((await t.send('GET', '/analytics/communications', { token: agent.token })).body).toEqual(now.communications);
  });

  it('never counts another team’s data, and needs a token', async () => {
    const theirs = await dashboard(rival);
    expect(theirs.properties.total).toBe(0);
    expect(theirs.leads.total).toBe(0);
    expect(theirs.deals.total).toBe(0);
    expect(theirs.communications.total).toBe(0);
    await t.send('POST', '/leads', { token: rival.token, body: { name: 'Rival lead', source: 'website' } });
    expect((await dashboard(agent)).leads.by_source.website).toBe(2);
    expect((await dashboard(rival)).leads.total).toBe(1);
    expect((await t.send('GET', '/analytics/dashboard')).status).toBe(401);
  });
});

describe('analytics: the campaigns section', () => {
  let t: TestApp;
  let mail: TestMail;
  let agent: TestUser;
  let rival: TestUser;
  beforeAll(async () => {
    mail = await startTestMail();
    t = await createTestApp(mail.config);
    agent = await t.user({ role: 'agent' });
    rival = await t.user({ role: 'agent' });
  });
  afterAll(async () => {
    await t.close();
    await mail.close();
  });

  const section = async (user: TestUser) => {
    const res = await t.send('GET', '/analytics/dashboard', { token: user.token });
    expect(res.status).toBe(200);
    return res.body.campaigns;
  };
  const campaign = (user: TestUser, subject: string, recipients: string[], extra: Record<string, unknown> = {}) =>
    t.send('POST', '/campaigns', { token: user.token, body: { name: subject, subject, template_id: 'new_listing', recipients, ...extra } });

  it('follows campaigns as they are drafted, sent, delivered and opened, from live rows', async () => {
    const zero = { total: 0, sent: 0, delivered: 0, failed: 0, skipped_unsubscribed: 0, pending: 0 };
    expect(await section(agent)).toEqual({ total: 0, by_status: { draft: 0, sending: 0, completed: 0 }, recipients: zero, opens: 0, clicks: 0 });

    expect((await campaign(agent, 'Draft one', ['d1@example.com', 'd2@example.com'], { draft: true })).status).toBe(201);
    await t.send('POST', '/campaigns/unsubscribes', { token: agent.token, body: { email: 'gone@example.com' } });
    const sent = await campaign(agent, 'Sent one', ['ann@example.com', 'gone@example.com']);
    expect(sent.status).toBe(202);
    expect(await section(agent)).toMatchObject({ total: 2, by_status: { draft: 1, sending: 1, completed: 0 }, recipients: { total: 4, pending: 4, sent: 0 } });

    await runDueJobs(t);
    expect(await section(agent)).toMatchObject({ total: 2, by_status: { draft: 1, sending: 0, completed: 1 }, recipients: { total: 4, sent: 1, skipped_unsubscribed: 1, pending: 2, failed: 0 } });

    // The provider reports the mail delivered and opened twice (ids as the mail carried them).
    const message = await mail.waitFor((m) => m.rcptTo.includes('ann@example.com') && m.parsed.subject === 'Sent one');
    const ids = (JSON.parse(/^X-SMTPAPI: (.*)$/im.exec(message.raw)![1]) as { unique_args: Record<string, string> }).unique_args;
    const event = (name: string, id: string) => ({ email: 'ann@example.com', event: name, sg_event_id: id, timestamp: 1_700_000_000, ...ids });
    await postSendgrid(t, [event('delivered', 'a-1'), event('open', 'a-2'), event('open', 'a-3'), event('click', 'a-4')]);
    const now = await section(agent);
    expect(now).toMatchObject({ recipients: { sent: 1, delivered: 1 }, opens: 2, clicks: 1 });
    expect((await t.send('GET', '/analytics/campaigns', { token: agent.token })).body).toEqual(now);
  });

  it('never counts another team’s campaigns', async () => {
    const before = await section(agent);
    expect(await section(rival)).toMatchObject({ total: 0, recipients: { total: 0 }, opens: 0 });
    await campaign(rival, 'Rival', ['r1@example.com', 'r2@example.com', 'r3@example.com']);
    await runDueJobs(t);
    expect(await section(rival)).toMatchObject({ total: 1, by_status: { completed: 1 }, recipients: { total: 3, sent: 3 } });
    expect(await section(agent)).toEqual(before);
  });
});
