import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { loadStackConfig, type SmsConfig } from '../config.js';
import { domainEvents } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { createTwilioSmsProvider, SmsProviderError } from './sms-provider.js';

describe('SMS with the mock provider', () => {
  let t: TestApp;
  let agent: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    stranger = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('records the SMS, puts it in the outbox readable through the API, and announces it', async () => {
    const lead = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane', phone: '+15551234567' } })).body;
    const res = await t.send('POST', '/communications/sms', { token: agent.token, body: { lead_id: lead.id, to: '+15551234567', body: 'Viewing Saturday 10am?' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/communications/${res.body.id}`);
    expect(res.body).toMatchObject({ channel: 'sms', direction: 'outbound', status: 'sent', provider: 'mock', to: '+15551234567', from: t.config.sms.from, lead_id: lead.id });
    expect(res.body.provider_id).toMatch(/^SM[0-9a-f]{32}$/);

    const outbox = await t.send('GET', '/communications/sms/outbox', { token: viewer.token });
    expect(outbox.status).toBe(200);
    expect(outbox.body.items[0]).toMatchObject({ sid: res.body.provider_id, communication_id: res.body.id, to: '+15551234567', body: 'Viewing Saturday 10am?' });
    expect((await t.send('GET', '/communications/sms/outbox', { token: stranger.token })).body.items).toHaveLength(0);

    const events = await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, agent.teamId));
    expect(events.map((e) => e.type)).toContain('communication.created');
  });

  it('a replayed Idempotency-Key sends nothing twice', async () => {
    const body = { to: '+15559870000', body: 'Only once' };
    const headers = { 'Idempotency-Key': 'sms-once-1' };
    const first = await t.send('POST', '/communications/sms', { token: agent.token, body, headers });
    const again = await t.send('POST', '/communications/sms', { token: agent.token, body, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const outbox = await t.send('GET', '/communications/sms/outbox?to=%2B15559870000', { token: agent.token });
    expect(outbox.body.total).toBe(1);
  });

  it('refuses a number that is not E.164, a viewer, and another team’s lead', async () => {
    const bad = await t.send('POST', '/communications/sms', { token: agent.token, body: { to: '555-1234', body: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].pointer).toBe('/to');
    expect((await t.send('POST', '/communications/sms', { token: viewer.token, body: { to: '+15551234567', body: 'x' } })).status).toBe(403);
    const lead = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Mine' } })).body;
    expect((await t.send('POST', '/communications/sms', { token: stranger.token, body: { lead_id: lead.id, to: '+15551234567', body: 'x' } })).status).toBe(422);
  });
});

describe('the Twilio SMS provider', () => {
  let server: http.Server;
  let reply: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
  const seen: { method?: string; url?: string; auth?: string; type?: string; body: string }[] = [];
  let config: SmsConfig;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body });
        reply(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = loadStackConfig({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'secret-token', TWILIO_FROM: '+15005550006' }).sms;
    config = { ...base, apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 500 };
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const json = (status: number, body: unknown) => (_req: http.IncomingMessage, _body: string, res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const sendFails = async (): Promise<SmsProviderError> => {
    try {
      await createTwilioSmsProvider(config).send({ teamId: 't', to: '+15551234567', body: 'Hi' });
    } catch (error) {
      expect(error).toBeInstanceOf(SmsProviderError);
      return error as SmsProviderError;
    }
    throw new Error('the send should have failed');
  };

  it('posts the form Twilio documents, with basic auth, and returns the sid', async () => {
    reply = json(201, { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued', from: '+15005550006' });
    const sent = await createTwilioSmsProvider(config).send({ teamId: 't', to: '+15551234567', body: 'Hi & bye', statusCallback: 'https://crm.example.com/webhooks/twilio/sms' });
    expect(sent).toEqual({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued', from: '+15005550006' });
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(request.auth).toBe(`Basic ${Buffer.from('AC123:secret-token').toString('base64')}`);
    expect(request.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ To: '+15551234567', From: '+15005550006', Body: 'Hi & bye', StatusCallback: 'https://crm.example.com/webhooks/twilio/sms' });
  });

  it('maps Twilio’s refusals, outages, garbage and silence to errors that say whether to retry', async () => {
    reply = json(400, { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 });
    let error = await sendFails();
    expect(error).toMatchObject({ code: 'SMS_REJECTED', retryable: false, httpStatus: 502 });
    expect(error.message).toMatch(/not a valid phone number.*21211/);

    reply = json(503, { message: 'Service unavailable' });
    expect(await sendFails()).toMatchObject({ code: 'SMS_DEFERRED', retryable: true, httpStatus: 502 });

    reply = (_req, _body, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>');
    expect(await sendFails()).toMatchObject({ code: 'SMS_BAD_RESPONSE', httpStatus: 502 });

    reply = () => undefined; // never answers
    error = await sendFails();
    expect(error).toMatchObject({ code: 'SMS_TIMEOUT', retryable: true, httpStatus: 504 });
  });

  it('through the API, a refusal is a 502 problem and the SMS is kept as failed', async () => {
    reply = json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
    const t = await createTestApp({ sms: config });
    try {
      const agent = await t.user({ role: 'agent' });
      const res = await t.send('POST', '/communications/sms', { token: agent.token, body: { to: '+15551234567', body: 'Hi' } });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ status: 502, retryable: false });
      const stored = (await t.send('GET', `/communications/${res.body.communication_id}`, { token: agent.token })).body;
      expect(stored).toMatchObject({ status: 'failed', provider: 'twilio' });
      expect(stored.error).toMatch(/unsubscribed recipient/);
    } finally {
      await t.close();
    }
  });
});
