import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadStackConfig } from '../config.js';
import { communications, emailSuppressionEvents, webhookEvents } from '../db/schema.js';
import { createLogger } from '../lib/logger.js';
import { startMailCatcher, type RunningMailCatcher } from '../mail/catcher.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { postSendgrid } from '../../test/support/webhooks.js';

describe('POST /webhooks/sendgrid', () => {
  let catcher: RunningMailCatcher;
  let t: TestApp;
  let agent: TestUser;
  let email: { id: string; status: string };

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger: createLogger({ level: 'silent' }) });
    t = await createTestApp({ mail: { ...loadStackConfig({}).mail, catcher: false, smtpPort: catcher.smtpPort } });
    agent = await t.user({ role: 'agent' });
    const lead = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane', email: 'jane@example.com' } })).body;
    email = (await t.send('POST', '/communications/email', { token: agent.token, body: { lead_id: lead.id, to: 'jane@example.com', subject: 'Hi', body: 'Hello' } })).body;
  });
  afterAll(async () => {
    await t.close();
    await catcher.close();
  });

  // SendGrid puts the X-SMTPAPI unique args at the top level of each event.
  const event = (name: string, id: string, extra: Record<string, unknown> = {}) => ({
    email: 'jane@example.com',
    timestamp: 1_700_000_000,
    event: name,
    sg_event_id: id,
    sg_message_id: 'abc123.filter0001.1.0',
    reos_team_id: agent.teamId,
    reos_message_id: email.id,
    ...extra,
  });
  const statusOf = async () => (await t.send('GET', `/communications/${email.id}`, { token: agent.token })).body.status;

  it('moves the message’s status forward with each event, whatever their order', async () => {
    const res = await postSendgrid(t, [event('processed', 'e1'), event('open', 'e3'), event('delivered', 'e2')]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, applied: 3, duplicates: 0 });
    expect(await statusOf()).toBe('opened');
    await postSendgrid(t, [event('click', 'e4', { url: 'https://example.com' })]);
    expect(await statusOf()).toBe('clicked');
  });

  it('ignores an event it has seen (same sg_event_id)', async () => {
    const res = await postSendgrid(t, [event('click', 'e4'), event('open', 'e3')]);
    expect(res.body).toEqual({ received: 2, applied: 0, duplicates: 2 });
    const rows = await t.database.db.select().from(webhookEvents).where(eq(webhookEvents.eventId, 'e4'));
    expect(rows).toHaveLength(1);
  });

  it('records unsubscribe and spam reports for the suppression list, once', async () => {
    await postSendgrid(t, [event('unsubscribe', 'e5'), event('spamreport', 'e6', { email: 'JANE@example.com' })]);
    await postSendgrid(t, [event('unsubscribe', 'e5')]);
    const rows = await t.database.db.select().from(emailSuppressionEvents).where(eq(emailSuppressionEvents.teamId, agent.teamId));
    expect(rows.map((r) => [r.email, r.source]).sort()).toEqual([
      ['jane@example.com', 'sendgrid:spamreport'],
      ['jane@example.com', 'sendgrid:unsubscribe'],
    ]);
  });

  it('a bad or missing signature is 401 and changes nothing', async () => {
    const before = await t.database.db.select().from(webhookEvents);
    const forged = await postSendgrid(t, [event('bounce', 'e7')], { signature: 'MEUCIQD' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    expect((await postSendgrid(t, [event('bounce', 'e8')], { signature: null })).status).toBe(401);
    expect(await statusOf()).toBe('clicked');
    expect(await t.database.db.select().from(webhookEvents)).toHaveLength(before.length);
  });

  it('a signed body that is not a JSON array of events is 400', async () => {
    expect((await postSendgrid(t, undefined, { raw: '[{"event":' })).status).toBe(400);
    expect((await postSendgrid(t, { event: 'delivered' })).status).toBe(400);
    expect((await postSendgrid(t, [{ email: 'x@example.com' }])).status).toBe(400);
  });

  it('a bounce records the reason, and an event for another team’s message id does not touch it', async () => {
    const stranger = await t.user({ role: 'agent' });
    await postSendgrid(t, [event('bounce', 'e9', { reos_team_id: stranger.teamId, sg_message_id: undefined, reason: '550 no such user' })]);
    expect(await statusOf()).toBe('clicked');
    const [row] = await t.database.db.select().from(communications).where(eq(communications.id, email.id));
    expect(row.error).toBeNull();
  });

  it('a bounce marks a message bounced with the relay’s reason, found by sg_message_id alone', async () => {
    const lead = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Bouncy', email: 'nobody@example.com' } })).body;
    const sent = (await t.send('POST', '/communications/email', { token: agent.token, body: { lead_id: lead.id, to: 'nobody@example.com', subject: 'Hi', body: 'Hello' } })).body;
    // As a SendGrid HTTP send would have recorded it: the X-Message-Id as the provider id.
    await t.database.db.update(communications).set({ providerId: 'XMSGID42' }).where(eq(communications.id, sent.id));
    await postSendgrid(t, [{ event: 'bounce', sg_event_id: 'b1', sg_message_id: 'XMSGID42.filterdrecv-1.0', email: 'nobody@example.com', reason: '550 5.1.1 no such user' }]);
    const after = (await t.send('GET', `/communications/${sent.id}`, { token: agent.token })).body;
    expect(after).toMatchObject({ status: 'bounced', error: '550 5.1.1 no such user' });
  });
});
