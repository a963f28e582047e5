/**
 * The seed runbook's feature flows (section 2.5) and the demo script's sections 5-6, with their
 * exact payloads, through the real app: lead -> deal on that lead and a property -> under_contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { insertProperty } from '../../test/support/fixtures.js';

describe('seed runbook: leads and deals flows', () => {
  let t: TestApp;
  let demo: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    demo = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('section 2.5: lead, deal in negotiation, PATCH under_contract', async () => {
    const propId = await insertProperty(t, demo);
    const lead = await t.send('POST', '/leads', {
      token: demo.token,
      body: '{"name":"Jane Seller","email":"jane@demo.com","phone":"555-0100"}',
    });
    expect(lead.status).toBe(201);
    const leadId = lead.body.id;

    const deal = await t.send('POST', '/deals', {
      token: demo.token,
      body: `{"lead_id":"${leadId}","property_id":"${propId}","status":"negotiation"}`,
    });
    expect(deal.status).toBe(201);
    expect(deal.body).toMatchObject({ lead_id: leadId, property_id: propId, status: 'negotiation', value: null, closed_at: null });

    const update = await t.send('PATCH', `/deals/${deal.body.id}`, { token: demo.token, body: '{"status":"under_contract"}' });
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ id: deal.body.id, status: 'under_contract', lead_id: leadId, property_id: propId });

    const history = await t.send('GET', `/deals/${deal.body.id}/history`, { token: demo.token });
    expect(history.body.items.map((e: { from_status: string | null; to_status: string }) => [e.from_status, e.to_status])).toEqual([
      [null, 'negotiation'],
      ['negotiation', 'under_contract'],
    ]);
  });

  it('demo sections 5-6: lead with source, call activity, deal worth 1,500,000, under_contract', async () => {
    // A team of its own, so the pipeline holds this deal alone.
    const presenter = await t.user({ role: 'agent' });
    const propId = await insertProperty(t, presenter, '123 Enterprise Blvd');
    const lead = await t.send('POST', '/leads', {
      token: presenter.token,
      body: { name: 'Jane Prospect', email: 'jane@example.com', phone: '555-0100', source: 'website' },
    });
    expect(lead.status).toBe(201);
    const activity = await t.send('POST', `/leads/${lead.body.id}/activities`, {
      token: presenter.token,
      body: { type: 'call', note: 'Initial contact - interested in 3BR homes', outcome: 'positive' },
    });
    expect(activity.status).toBe(201);

    const deal = await t.send('POST', '/deals', {
      token: presenter.token,
      body: { lead_id: lead.body.id, property_id: propId, status: 'negotiation', value: 1500000 },
    });
    expect(deal.status).toBe(201);
    expect(deal.body.value).toBe(1500000);

    const update = await t.send('PATCH', `/deals/${deal.body.id}`, { token: presenter.token, body: { status: 'under_contract' } });
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ status: 'under_contract', value: 1500000 });

    const pipeline = await t.send('GET', '/deals/pipeline', { token: presenter.token });
    expect(pipeline.body.stages).toContainEqual({ status: 'under_contract', count: 1, total_value: 1500000 });
  });
});
