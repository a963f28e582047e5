import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { communications, domainEvents } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { postTwilio } from '../../test/support/webhooks.js';

const FROM_NUMBER = '+15005550006';

describe('Twilio webhooks', () => {
  let t: TestApp;
  let agent: TestUser;
  let other: TestUser;
  let leadId: string;
  const leadPhone = '+15550100123';

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    other = await t.user({ role: 'agent' });
    leadId = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Buyer', phone: '(555) 010-0123' } })).body.id;
    // Another team has a lead with the same number: the reply must still reach the team that wrote.
    await t.send('POST', '/leads', { token: other.token, body: { name: 'Same Number', phone: leadPhone } });
    expect((await t.send('POST', '/communications/sms', { token: agent.token, body: { lead_id: leadId, to: leadPhone, body: 'Viewing Saturday?' } })).status).toBe(201);
  });
  afterAll(() => t.close());

  const inbound = (sid: string, extra: Record<string, string> = {}) => ({ MessageSid: sid, AccountSid: 'ACmock', From: leadPhone, To: FROM_NUMBER, Body: 'Yes, 10am works', NumMedia: '0', ...extra });
  const teamRows = (teamId: string) => t.database.db.select().from(communications).where(eq(communications.teamId, teamId));

  it('an inbound SMS becomes a communication on the lead and an sms.received event, answered with TwiML', async () => {
    const res = await postTwilio(t, '/webhooks/twilio/sms', inbound('SM00000000000000000000000000000001'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/xml/);
    expect(res.text).toContain('<Response/>');

    const list = await t.send('GET', `/communications?lead_id=${leadId}&direction=inbound`, { token: agent.token });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ channel: 'sms', direction: 'inbound', status: 'received', from: leadPhone, body: 'Yes, 10am works', provider_id: 'SM00000000000000000000000000000001' });
    const events = await t.database.db.select().from(domainEvents).where(and(eq(domainEvents.teamId, agent.teamId), eq(domainEvents.type, 'sms.received')));
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ lead_id: leadId, body: 'Yes, 10am works' });
    // The other team, which never wrote to this number, got nothing.
    expect((await teamRows(other.teamId)).filter((r) => r.direction === 'inbound')).toHaveLength(0);
  });

  it('a redelivered message (same MessageSid) is applied once', async () => {
    const sid = 'SM00000000000000000000000000000002';
    expect((await postTwilio(t, '/webhooks/twilio/sms', inbound(sid))).status).toBe(200);
    expect((await postTwilio(t, '/webhooks/twilio/sms', inbound(sid))).status).toBe(200);
    expect((await teamRows(agent.teamId)).filter((r) => r.providerId === sid)).toHaveLength(1);
  });

  it('a bad or missing signature is 401 problem+json and creates nothing', async () => {
    const before = (await teamRows(agent.teamId)).length;
    const eventsBefore = (await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, agent.teamId))).length;
    const forged = await postTwilio(t, '/webhooks/twilio/sms', inbound('SM00000000000000000000000000000003'), { token: 'not-the-auth-token' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    expect(forged.body).toMatchObject({ status: 401 });
    expect((await postTwilio(t, '/webhooks/twilio/sms', inbound('SM00000000000000000000000000000004'), { signature: null })).status).toBe(401);
    expect((await postTwilio(t, '/webhooks/twilio/voice', { CallSid: 'CA1', From: leadPhone, To: FROM_NUMBER }, { signature: 'AAAA' })).status).toBe(401);
    expect((await teamRows(agent.teamId)).length).toBe(before);
    expect((await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, agent.teamId))).length).toBe(eventsBefore);
  });

  it('a signed body without the fields Twilio always sends is 400 (an unsigned one stays 401)', async () => {
    const res = await postTwilio(t, '/webhooks/twilio/sms', { MessageSid: 'SM5', Body: 'no numbers' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/From/);
    const json = await t.send('POST', '/webhooks/twilio/sms', { body: { From: leadPhone }, headers: { 'X-Twilio-Signature': 'x' } });
    expect(json.status).toBe(401);
  });

  it('a status callback moves the status of the SMS we sent, forward only', async () => {
    const sent = (await t.send('POST', '/communications/sms', { token: agent.token, body: { lead_id: leadId, to: leadPhone, body: 'Reminder' } })).body;
    expect((await postTwilio(t, '/webhooks/twilio/sms', { MessageSid: sent.provider_id, MessageStatus: 'delivered', From: FROM_NUMBER, To: leadPhone })).status).toBe(200);
    expect((await postTwilio(t, '/webhooks/twilio/sms', { MessageSid: sent.provider_id, MessageStatus: 'sent', From: FROM_NUMBER, To: leadPhone })).status).toBe(200);
    expect((await t.send('GET', `/communications/${sent.id}`, { token: agent.token })).body.status).toBe('delivered');
  });

  it('voice creates a call record, its status callback completes it, and a transcription attaches to it', async () => {
    const call = { CallSid: 'CA00000000000000000000000000000001', From: leadPhone, To: FROM_NUMBER, Direction: 'inbound' };
    expect((await postTwilio(t, '/webhooks/twilio/voice', { ...call, CallStatus: 'ringing' })).status).toBe(200);
    expect((await postTwilio(t, '/webhooks/twilio/voice', { ...call, CallStatus: 'completed', CallDuration: '42' })).status).toBe(200);
    const transcription = { CallSid: call.CallSid, TranscriptionSid: 'TR1', TranscriptionStatus: 'completed', TranscriptionText: 'Please call me back about Demo St.' };
    expect((await postTwilio(t, '/webhooks/twilio/transcription', transcription)).status).toBe(200);

    const calls = await t.send('GET', `/communications/calls?lead_id=${leadId}`, { token: agent.token });
    expect(calls.body.items).toHaveLength(1);
    expect(calls.body.items[0]).toMatchObject({ direction: 'inbound', status: 'completed', duration_seconds: 42, outcome: 'connected', transcription: 'Please call me back about Demo St.' });
    const types = (await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, agent.teamId)).orderBy(asc(domainEvents.id))).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['communication.created', 'communication.status_changed', 'communication.updated']));
  });

  it('a message from a number no team knows is kept unrouted and answered 200', async () => {
    const res = await postTwilio(t, '/webhooks/twilio/sms', inbound('SM00000000000000000000000000000009', { From: '+15559999999' }));
    expect(res.status).toBe(200);
    expect((await teamRows(agent.teamId)).filter((r) => r.fromAddress === '+15559999999')).toHaveLength(0);
  });
});

describe('Twilio webhooks behind a proxy', () => {
  it('checks the signature against PUBLIC_BASE_URL, the URL Twilio was given', async () => {
    const t = await createTestApp({ webhooks: { sendgridPublicKey: undefined, publicBaseUrl: 'https://crm.example.com' } });
    try {
      const { twilioSignature } = await import('./signatures.js');
      const params = { MessageSid: 'SM1', From: '+15551112222', To: '+15005550006', Body: 'hi' };
      const good = twilioSignature(t.config.sms.authToken!, 'https://crm.example.com/webhooks/twilio/sms', Object.entries(params));
      expect((await postTwilio(t, '/webhooks/twilio/sms', params, { signature: good })).status).toBe(200);
      expect((await postTwilio(t, '/webhooks/twilio/sms', params)).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('with TRUST_PROXY, checks it against X-Forwarded-Proto and -Host; without, ignores them', async () => {
    const { twilioSignature } = await import('./signatures.js');
    const params = { MessageSid: 'SM2', From: '+15551112222', To: '+15005550006', Body: 'hi' };
    const forwarded = { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'crm.example.com' };
    for (const trustProxy of [true, false]) {
      const t = await createTestApp({ trustProxy });
      try {
        const signature = twilioSignature(t.config.sms.authToken!, 'https://crm.example.com/webhooks/twilio/sms', Object.entries(params));
        const res = await t.send('POST', '/webhooks/twilio/sms', { body: new URLSearchParams(params).toString(), headers: { ...forwarded, 'X-Twilio-Signature': signature } });
        expect(res.status).toBe(trustProxy ? 200 : 401);
      } finally {
        await t.close();
      }
    }
  });
});
