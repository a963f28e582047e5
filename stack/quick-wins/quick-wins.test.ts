/**
 * Quick wins: templates by stage, and generate-and-send for email (one campaign per property,
 * delivered by the job, blocked leads reported and never mailed) and SMS (one job per lead,
 * through the gate again when it runs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';
import { runDueJobs } from '../../test/support/jobs.js';
import { startTestMail, type TestMail } from '../../test/support/mail.js';
import { smsOutbox } from '../db/schema.js';

describe('quick wins', () => {
  let t: TestApp;
  let mail: TestMail;
  let agent: TestUser;
  let viewer: TestUser;
  let propertyId: string;
  beforeAll(async () => {
    mail = await startTestMail();
    t = await createTestApp(mail.config);
    agent = await t.user({ role: 'agent' });
    viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    const property = await t.send('POST', '/properties', { token: agent.token, body: { address: '12 Quick St', city: 'Austin', state: 'TX', zip: '78701', price: 450000, stage: 'qualified' } });
    expect(property.status, property.text).toBe(201);
    propertyId = property.body.id;
    await t.send('POST', '/leads', { token: agent.token, body: { name: 'Quinn', email: 'quinn@example.com', phone: '+15558880001', property_id: propertyId } });
    await t.send('POST', '/leads', { token: agent.token, body: { name: 'Rex', email: 'rex@example.com', phone: '+15558880002', property_id: propertyId } });
    await t.send('POST', '/leads', { token: agent.token, body: { name: 'No Address', property_id: propertyId } });
    await t.send('POST', '/compliance/opt-outs', { token: agent.token, body: { kind: 'email', value: 'rex@example.com' } });
    await t.send('POST', '/compliance/dnc', { token: agent.token, body: { phone: '+15558880002' } });
  });
  afterAll(async () => {
    await t.close();
    await mail.close();
  });

  it('lists the templates suited to a stage', async () => {
    const res = await t.send('GET', '/quick-wins/templates?stage=qualified', { token: viewer.token });
    expect(res.body.items).toEqual([expect.objectContaining({ stage: 'qualified', default_template_id: 'open_house' })]);
    expect((await t.send('GET', '/quick-wins/templates', { token: viewer.token })).body.items).toHaveLength(9);
    expect((await t.send('GET', '/quick-wins/templates?stage=nope', { token: viewer.token })).status).toBe(422);
  });

  it('email: queues a campaign for the allowed lead, reports the blocked one, and mails only the allowed', async () => {
    const res = await t.send('POST', '/quick-wins/generate-and-send', { token: agent.token, body: { stage: 'qualified', channel: 'email' } });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ template_id: 'open_house', properties: 1, skipped_no_address: 1 });
    expect(res.body.queued).toEqual([expect.objectContaining({ to: 'quinn@example.com', property_id: propertyId, campaign_id: expect.any(String) })]);
    expect(res.body.blocked).toEqual([expect.objectContaining({ to: 'rex@example.com', reasons: [expect.objectContaining({ code: 'opted_out' })] })]);
    await runDueJobs(t);
    await mail.waitFor((m) => m.rcptTo.includes('quinn@example.com') && /Open house at 12 Quick St/.test(m.parsed.subject ?? ''));
    expect(mail.catcher.messages().some((m) => m.rcptTo.includes('rex@example.com'))).toBe(false);
    expect((await t.send('GET', `/campaigns/${res.body.queued[0].campaign_id}/stats`, { token: agent.token })).body).toMatchObject({ sent: 1, status: 'completed' });
  });

  it('sms: one job per allowed lead, sent through the provider', async () => {
    const res = await t.send('POST', '/quick-wins/generate-and-send', { token: agent.token, body: { stage: 'qualified', channel: 'sms', template_id: 'follow_up' } });
    expect(res.status, res.text).toBe(202);
    expect(res.body.queued).toEqual([expect.objectContaining({ to: '+15558880001', campaign_id: null })]);
    expect(res.body.blocked).toEqual([expect.objectContaining({ to: '+15558880002', reasons: [expect.objectContaining({ code: 'do_not_call' })] })]);
    await runDueJobs(t);
    const outbox = await t.database.db.select().from(smsOutbox).where(eq(smsOutbox.teamId, agent.teamId));
    expect(outbox.map((m) => m.toNumber)).toEqual(['+15558880001']);
    expect(outbox[0].body).toContain('12 Quick St');
  });

  it('refuses a template that does not suit the stage, an unmarketed stage, and viewers', async () => {
    expectInvalid(await t.send('POST', '/quick-wins/generate-and-send', { token: agent.token, body: { stage: 'qualified', channel: 'email', template_id: 'price_drop' } }), '/template_id');
    expectInvalid(await t.send('POST', '/quick-wins/generate-and-send', { token: agent.token, body: { stage: 'archived', channel: 'email' } }), '/stage');
    expectProblem(await t.send('POST', '/quick-wins/generate-and-send', { token: viewer.token, body: { stage: 'qualified', channel: 'email' } }), 403);
  });
});
