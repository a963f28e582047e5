import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

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
