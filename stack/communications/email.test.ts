import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { createLogger } from '../lib/logger.js';
import { startMailCatcher, type RunningMailCatcher } from '../mail/catcher.js';
import { loadStackConfig } from '../config.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

const baseMail = loadStackConfig({}).mail;

describe('POST /communications/email and threads', () => {
  let catcher: RunningMailCatcher;
  let t: TestApp;
  let agent: TestUser;
  let stranger: TestUser;
  let leadId: string;

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger: createLogger({ level: 'silent' }) });
    t = await createTestApp({ mail: { ...baseMail, catcher: false, smtpPort: catcher.smtpPort } });
    agent = await t.user({ role: 'agent' });
    stranger = await t.user({ role: 'agent' });
    leadId = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Buyer', email: 'jane@example.com' } })).body.id;
  });
  afterAll(async () => {
    await t.close();
    await catcher.close();
  });

  it('sends over SMTP, records the message in the lead’s thread, and threads the replies', async () => {
    const first = await t.send('POST', '/communications/email', { token: agent.token, body: { lead_id: leadId, to: 'jane@example.com', subject: 'About 123 Demo St', body: 'Viewing on Saturday?' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ channel: 'email', direction: 'outbound', status: 'sent', lead_id: leadId, to: 'jane@example.com', provider: 'smtp' });
    expect(first.body.message_id).toMatch(/^<.+@.+>$/);
    const second = await t.send('POST', '/communications/email', { token: agent.token, body: { lead_id: leadId, to: 'jane@example.com', subject: 'Re: About 123 Demo St', body: 'Confirmed, 10am.' } });
    expect(second.status).toBe(201);
    expect(second.body.thread_id).toBe(first.body.thread_id);

    const caught = catcher.messages();
    expect(caught).toHaveLength(2);
    const reply = caught.find((m) => m.parsed.subject === 'Re: About 123 Demo St')!;
    expect(reply.parsed.messageId).toBe(second.body.message_id);
    expect(reply.parsed.inReplyTo).toBe(first.body.message_id);
    expect(reply.parsed.references).toContain(first.body.message_id);
    expect(JSON.parse(String(reply.parsed.headers.get('x-smtpapi')))).toEqual({ unique_args: { reos_team_id: agent.teamId, reos_message_id: second.body.id } });

    const threads = await t.send('GET', `/communications/threads?lead_id=${leadId}`, { token: agent.token });
    expect(threads.body.items).toHaveLength(1);
    const thread = await t.send('GET', `/communications/threads/${first.body.thread_id}`, { token: agent.token });
    expect(thread.status).toBe(200);
    expect(thread.body).toMatchObject({ lead_id: leadId, subject: 'About 123 Demo St' });
    expect(thread.body.messages.map((m: { id: string }) => m.id)).toEqual([first.body.id, second.body.id]);
  });

  it('needs a lead or property of the caller’s team, and hides other teams’ threads', async () => {
    expect((await t.send('POST', '/communications/email', { token: agent.token, body: { to: 'a@example.com', subject: 's', body: 'b' } })).status).toBe(422);
    const foreign = await t.send('POST', '/communications/email', { token: stranger.token, body: { lead_id: leadId, to: 'a@example.com', subject: 's', body: 'b' } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].pointer).toBe('/lead_id');
    const [thread] = (await t.send('GET', `/communications/threads?lead_id=${leadId}`, { token: agent.token })).body.items;
    expect((await t.send('GET', `/communications/threads/${thread.id}`, { token: stranger.token })).status).toBe(404);
    expect((await t.send('GET', `/communications/threads?lead_id=${leadId}`, { token: stranger.token })).body.items).toHaveLength(0);
    expect((await t.send('POST', '/communications/email', { body: { lead_id: leadId, to: 'a@example.com', subject: 's', body: 'b' } })).status).toBe(401);
  });
});

describe('POST /communications/email with the SMTP server down', () => {
  it('answers 502 at once and keeps the message as failed with the error', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    const t = await createTestApp({ mail: { ...baseMail, catcher: false, smtpPort: port } });
    try {
      const agent = await t.user({ role: 'agent' });
      const propertyId = (await t.send('POST', '/properties', { token: agent.token, body: { address: '1 Down St', city: 'X', state: 'CA', zip: '90000' } })).body.id;
      const res = await t.send('POST', '/communications/email', { token: agent.token, body: { property_id: propertyId, to: 'a@example.com', subject: 'Hello', body: 'Anyone?' } });
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 502, retryable: true });
      const stored = await t.send('GET', `/communications/${res.body.communication_id}`, { token: agent.token });
      expect(stored.body).toMatchObject({ status: 'failed', property_id: propertyId });
      expect(stored.body.error).toMatch(/could not be reached/);
      const thread = (await t.send('GET', `/communications/threads?property_id=${propertyId}`, { token: agent.token })).body.items[0];
      expect((await t.send('GET', `/communications/threads/${thread.id}`, { token: agent.token })).body.messages).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
