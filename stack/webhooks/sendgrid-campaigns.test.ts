/**
 * SendGrid events about campaign mails, through the signed webhook: the ids a campaign mail
 * carries (its X-SMTPAPI unique_args, read from the mail the catcher caught) come back on each
 * event and move that recipient's status (delivered, bounce -> failed with the reason) and the
 * campaign's opens / clicks; unsubscribe and spam reports put the address on the team's list, so
 * the next campaign skips it. A repeated sg_event_id changes nothing; another team's ids touch nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { runDueJobs } from '../../test/support/jobs.js';
import { startTestMail, type TestMail } from '../../test/support/mail.js';
import { postSendgrid } from '../../test/support/webhooks.js';

describe('SendGrid events for campaign mails', () => {
  let t: TestApp;
  let mail: TestMail;
  let admin: TestUser;
  let stranger: TestUser;
  let campaignId: string;
  /** The unique_args each recipient's mail carried, as SendGrid would echo them. */
  const args: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    mail = await startTestMail();
    t = await createTestApp(mail.config);
    admin = await t.user();
    stranger = await t.user();
    const res = await t.send('POST', '/campaigns', {
      token: admin.token,
      body: { name: 'Tracked', subject: 'Tracked mail', template_id: 'new_listing', recipients: ['ann@example.com', 'bob@example.com', 'cat@example.com'] },
    });
    expect(res.status, res.text).toBe(202);
    campaignId = res.body.id;
    await runDueJobs(t);
    for (const address of ['ann@example.com', 'bob@example.com', 'cat@example.com']) {
      const message = await mail.waitFor((m) => m.rcptTo.includes(address) && m.parsed.subject === 'Tracked mail');
      const header = /^X-SMTPAPI: (.*)$/im.exec(message.raw)?.[1];
      expect(header).toBeDefined();
      args[address] = (JSON.parse(header!) as { unique_args: Record<string, string> }).unique_args;
    }
  });
  afterAll(async () => {
    await t.close();
    await mail.close();
  });

  const event = (address: string, name: string, id: string, extra: Record<string, unknown> = {}) => ({ email: address, timestamp: 1_700_000_000, event: name, sg_event_id: id, ...args[address], ...extra });
  const stats = async () => (await t.send('GET', `/campaigns/${campaignId}/stats`, { token: admin.token })).body;
  const recipients = async () => Object.fromEntries(((await t.send('GET', `/campaigns/${campaignId}`, { token: admin.token })).body.recipients as { email: string; status: string; last_error: string | null }[]).map((r) => [r.email, r]));

  it('carries the team, campaign and recipient ids in every mail', () => {
    expect(args['ann@example.com']).toEqual({ reos_team_id: admin.teamId, reos_campaign_id: campaignId, reos_recipient_id: expect.any(String) });
    expect(args['ann@example.com'].reos_recipient_id).not.toBe(args['bob@example.com'].reos_recipient_id);
  });

  it('moves recipients and counters with each event, once per sg_event_id', async () => {
    expect(await stats()).toMatchObject({ sent: 3, delivered: 0, failed: 0, opens: 0, clicks: 0 });
    const batch = [
      event('ann@example.com', 'open', 'c-open-1'),
      event('ann@example.com', 'delivered', 'c-delivered-1'),
      event('ann@example.com', 'open', 'c-open-2'),
      event('ann@example.com', 'click', 'c-click-1', { url: 'https://example.com/listing' }),
      event('bob@example.com', 'bounce', 'c-bounce-1', { reason: '550 5.1.1 mailbox unavailable' }),
      event('cat@example.com', 'delivered', 'c-delivered-2'),
    ];
    const res = await postSendgrid(t, batch);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 6, applied: 6, duplicates: 0 });
    const after = await stats();
    expect(after).toMatchObject({ recipients: 3, sent: 2, delivered: 2, failed: 1, pending: 0, opens: 2, clicks: 1 });
    const rows = await recipients();
    expect(rows['ann@example.com']).toMatchObject({ status: 'delivered' });
    expect(rows['bob@example.com']).toMatchObject({ status: 'failed', last_error: '550 5.1.1 mailbox unavailable' });
    expect(rows['cat@example.com']).toMatchObject({ status: 'delivered' });

    // SendGrid delivers at least once: the same events again change nothing.
    expect((await postSendgrid(t, batch)).body).toEqual({ received: 6, applied: 0, duplicates: 6 });
    expect(await stats()).toEqual(after);
    // A late "delivered" does not undo a bounce.
    await postSendgrid(t, [event('bob@example.com', 'delivered', 'c-delivered-3')]);
    expect((await recipients())['bob@example.com'].status).toBe('failed');
  });

  it('ignores campaign ids sent with another team’s id', async () => {
    const before = await stats();
    await postSendgrid(t, [event('ann@example.com', 'open', 'c-foreign-1', { reos_team_id: stranger.teamId }), event('ann@example.com', 'bounce', 'c-foreign-2', { reos_team_id: stranger.teamId })]);
    expect(await stats()).toEqual(before);
    expect((await recipients())['ann@example.com'].status).toBe('delivered');
  });

  it('puts an unsubscribe or spam report on the team’s list, and the next campaign skips the address', async () => {
    await postSendgrid(t, [event('cat@example.com', 'unsubscribe', 'c-unsub-1'), event('bob@example.com', 'spamreport', 'c-spam-1', { email: 'BOB@example.com' })]);
    const list = await t.send('GET', '/campaigns/unsubscribes', { token: admin.token });
    expect(list.body.items.map((u: { email: string; source: string }) => [u.email, u.source]).sort()).toEqual([
      ['bob@example.com', 'sendgrid:spamreport'],
      ['cat@example.com', 'sendgrid:unsubscribe'],
    ]);
    // The list is the team's own.
    expect((await t.send('GET', '/campaigns/unsubscribes', { token: stranger.token })).body.total).toBe(0);

    const next = await t.send('POST', '/campaigns', { token: admin.token, body: { name: 'Next', subject: 'Next mail', template_id: 'new_listing', recipients: ['ann@example.com', 'cat@example.com'] } });
    await runDueJobs(t);
    expect((await t.send('GET', `/campaigns/${next.body.id}/stats`, { token: admin.token })).body).toMatchObject({ recipients: 2, sent: 1, skipped_unsubscribed: 1, pending: 0, status: 'completed' });
    expect(mail.catcher.messages().filter((m) => m.parsed.subject === 'Next mail').flatMap((m) => m.rcptTo)).toEqual(['ann@example.com']);
  });
});
