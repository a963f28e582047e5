import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

describe('calls', () => {
  let t: TestApp;
  let agent: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    stranger = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('logs a call with its outcome and notes, listed per lead and per property', async () => {
    const property = (await t.send('POST', '/properties', { token: agent.token, body: { address: '1 Call St', city: 'X', state: 'CA', zip: '90000' } })).body;
    const lead = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Caller' } })).body;
    const res = await t.send('POST', '/communications/calls', {
      token: agent.token,
      body: { lead_id: lead.id, property_id: property.id, direction: 'outbound', to: '+15551234567', duration_seconds: 185, outcome: 'connected', notes: 'Wants a viewing Saturday' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ channel: 'call', direction: 'outbound', status: 'completed', duration_seconds: 185, outcome: 'connected', notes: 'Wants a viewing Saturday', provider: 'manual' });
    await t.send('POST', '/communications/calls', { token: agent.token, body: { property_id: property.id, direction: 'inbound', from: '+15557654321', outcome: 'voicemail' } });

    expect((await t.send('GET', `/communications/calls?lead_id=${lead.id}`, { token: agent.token })).body.items).toHaveLength(1);
    const byProperty = await t.send('GET', `/communications/calls?property_id=${property.id}`, { token: agent.token });
    expect(byProperty.body.items.map((c: { outcome: string }) => c.outcome)).toEqual(['voicemail', 'connected']);
    expect((await t.send('GET', `/communications/calls?property_id=${property.id}`, { token: stranger.token })).body.items).toHaveLength(0);
    expect((await t.send('GET', `/communications/${res.body.id}`, { token: stranger.token })).status).toBe(404);
    expect((await t.send('GET', '/communications/nonexistent-id', { token: agent.token })).status).toBe(404);
  });

  it('refuses an unknown outcome, a missing number and unknown fields with 422 pointers', async () => {
    const res = await t.send('POST', '/communications/calls', { token: agent.token, body: { direction: 'outbound', outcome: 'great', extra: 1 } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/extra', '/outcome']);
    const noNumber = await t.send('POST', '/communications/calls', { token: agent.token, body: { direction: 'outbound', outcome: 'busy' } });
    expect(noNumber.status).toBe(422);
    expect(noNumber.body.errors[0].pointer).toBe('/to');
  });
});
