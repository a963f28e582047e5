/**
 * Every send path asks the gate: a lead whose email is opted out and whose phone is on the
 * do-not-call list is never mailed by a campaign (its recipient is `blocked` with the reasons,
 * the other lead's mail arrives), a direct email or SMS to it is a 422 naming the reason and
 * sends nothing, and the password-reset mail (transactional) still goes out and is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { runDueJobs } from '../../test/support/jobs.js';
import { startTestMail, type TestMail } from '../../test/support/mail.js';
import { communications, smsOutbox } from '../db/schema.js';
import { sendDecisions } from './tables.js';

describe('the send gate on every send path', () => {
  let t: TestApp;
  let mail: TestMail;
  let agent: TestUser;
  let blocked: { id: string };
  let other: { id: string };
  beforeAll(async () => {
    mail = await startTestMail();
    t = await createTestApp(mail.config);
    agent = await t.user({ role: 'agent' });
    blocked = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Blocked Bea', email: 'bea@example.com', phone: '+15557770001' } })).body;
    other = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Open Olly', email: 'olly@example.com', phone: '+15557770002' } })).body;
    expect((await t.send('POST', '/compliance/opt-outs', { token: agent.token, body: { kind: 'email', value: 'bea@example.com' } })).status).toBe(201);
    expect((await t.send('POST', '/compliance/dnc', { token: agent.token, body: { phone: '555-777-0001' } })).status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await mail.close();
  });

  it('a campaign mails the other lead and marks the blocked one `blocked` with the reason', async () => {
    const res = await t.send('POST', '/campaigns', { token: agent.token, body: { name: 'Gate test', subject: 'Gate test mail', template_id: 'follow_up', recipients: ['bea@example.com', 'olly@example.com'] } });
    expect(res.status, res.text).toBe(202);
    await runDueJobs(t);
    await mail.waitFor((m) => m.rcptTo.includes('olly@example.com') && m.parsed.subject === 'Gate test mail');
    expect(mail.catcher.messages().some((m) => m.rcptTo.includes('bea@example.com'))).toBe(false);
    const detail = await t.send('GET', `/campaigns/${res.body.id}`, { token: agent.token });
    const bea = detail.body.recipients.find((r: { email: string }) => r.email === 'bea@example.com');
    expect(bea).toMatchObject({ status: 'blocked', attempts: 0 });
    expect(bea.last_error).toContain('opted_out');
    expect((await t.send('GET', `/campaigns/${res.body.id}/stats`, { token: agent.token })).body).toMatchObject({ sent: 1, blocked: 1, pending: 0, status: 'completed' });
    const decisions = await t.database.db.select().from(sendDecisions).where(and(eq(sendDecisions.teamId, agent.teamId), eq(sendDecisions.recipient, 'bea@example.com')));
    expect(decisions).toEqual([expect.objectContaining({ allowed: false, channel: 'email', context: expect.objectContaining({ source: 'campaign', campaign_id: res.body.id }) })]);
  });

  it('a direct email to the blocked lead is a 422 naming the reason; nothing is sent or recorded', async () => {
    const res = await t.send('POST', '/communications/email', { token: agent.token, body: { lead_id: blocked.id, to: 'bea@example.com', subject: 'Direct to Bea', body: 'Hi' } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'https://reos.dev/problems/send-blocked', status: 422, reasons: [{ code: 'opted_out' }], decision_id: expect.any(String) });
    expect(res.body.detail).toContain('opted out');
    const ok = await t.send('POST', '/communications/email', { token: agent.token, body: { lead_id: other.id, to: 'olly@example.com', subject: 'Direct to Olly', body: 'Hi' } });
    expect(ok.status, ok.text).toBe(201);
    await mail.waitFor((m) => m.parsed.subject === 'Direct to Olly');
    expect(mail.catcher.messages().some((m) => m.parsed.subject === 'Direct to Bea')).toBe(false);
    expect(await t.database.db.select().from(communications).where(eq(communications.toAddress, 'bea@example.com'))).toEqual([]);
  });

  it('an SMS to a do-not-call number is a 422; nothing reaches the outbox', async () => {
    const res = await t.send('POST', '/communications/sms', { token: agent.token, body: { lead_id: blocked.id, to: '+15557770001', body: 'Hi Bea' } });
    expect(res.status).toBe(422);
    expect(res.body.reasons).toEqual([expect.objectContaining({ code: 'do_not_call' })]);
    expect(await t.database.db.select().from(smsOutbox).where(eq(smsOutbox.toNumber, '+15557770001'))).toEqual([]);
    expect((await t.send('POST', '/communications/sms', { token: agent.token, body: { lead_id: other.id, to: '+15557770002', body: 'Hi Olly' } })).status).toBe(201);
    const listed = await t.send('GET', '/compliance/decisions?recipient=%2B15557770001&allowed=false', { token: agent.token });
    expect(listed.body.items[0]).toMatchObject({ channel: 'sms', context: { source: 'communications.sms' }, reasons: [{ code: 'do_not_call' }] });
  });

  it('the password-reset mail is transactional: it passes an opt-out and is recorded', async () => {
    const user = await t.user({ role: 'agent' });
    await t.send('POST', '/compliance/opt-outs', { token: user.token, body: { kind: 'email', value: user.email } });
    expect((await t.send('POST', '/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    await runDueJobs(t);
    await mail.waitFor((m) => m.rcptTo.includes(user.email.toLowerCase()) && /Reset your/.test(m.parsed.subject ?? ''));
    const [decision] = await t.database.db.select().from(sendDecisions).where(and(eq(sendDecisions.teamId, user.teamId), eq(sendDecisions.purpose, 'transactional')));
    expect(decision).toMatchObject({ allowed: true, channel: 'email', recipient: user.email.toLowerCase(), context: expect.objectContaining({ source: 'auth.password_reset' }) });
  });
});
