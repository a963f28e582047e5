/**
 * A relay that is down, silent or refusing never holds POST /campaigns (or a password reset):
 * the answer is 202 with the mail's job queued. The job (run here by draining the queue with
 * the real runner) leaves the recipients `retrying` with the error; the queue retries it, and
 * once the relay is back the retry mails every recipient exactly once. Out of attempts, the job
 * is dead-lettered and an admin's replay delivers; a refusal no retry can fix is not retried.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, NO_RATE_LIMITS, type TestApp } from '../../test/support/app.js';
import { makeJobsDue, runDueJobs } from '../../test/support/jobs.js';
import { loadStackConfig } from '../config.js';
import { jobs } from '../db/schema.js';
import { createLogger } from '../lib/logger.js';
import { startMailCatcher, type RunningMailCatcher } from '../mail/catcher.js';
import { createMailer } from '../mail/mailer.js';
import { CampaignDeliveryIncomplete, deliverCampaign } from './delivery.js';

const SEED = { name: 'New Listing Alert', subject: 'New 3BR Home in SF', recipients: ['jane@example.com', 'john@example.com'], template_id: 'new_listing' };
const base = loadStackConfig({ LOG_LEVEL: 'silent' }, 'test');

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A port that was free a moment ago, so nothing answers on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function appFor(port: number): Promise<TestApp> {
  return createTestApp({ mail: { ...base.mail, catcher: false, smtpHost: '127.0.0.1', smtpPort: port }, ...NO_RATE_LIMITS });
}

/** The relay comes back: a catcher on the very port the app has been failing to reach. */
function relayOn(port: number): Promise<RunningMailCatcher> {
  return startMailCatcher({ smtpPort: port, httpPort: 0, logger: createLogger({ level: 'silent' }) });
}

const deliveries = (catcher: RunningMailCatcher, subject: string) =>
  catcher
    .messages()
    .filter((m) => m.parsed.subject === subject)
    .flatMap((m) => m.rcptTo)
    .sort();

describe('campaign delivery with the SMTP server down', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('answers 202, leaves every recipient retrying, and the job’s retry mails each once when the relay is back', async () => {
    const port = await closedPort();
    const t = await appFor(port);
    cleanups.push(() => t.close());
    const admin = await t.user();
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: SEED });
    expect(res.status, res.text).toBe(202);
    expect(res.body.status).toBe('sending');

    const [first] = await runDueJobs(t);
    expect(first).toMatchObject({ type: 'campaign.deliver', attempt: 1, outcome: 'failed' });
    const [job] = await t.database.db.select().from(jobs).where(eq(jobs.id, first.id));
    expect(job).toMatchObject({ state: 'failed', attempts: 1, payload: { campaign_id: res.body.id } });
    expect(job.lastError).toMatch(/could not be mailed yet/);
    const detail = await t.send('GET', `/campaigns/${res.body.id}`, { token: admin.token });
    expect(detail.body.status).toBe('sending');
    expect(detail.body.recipients).toHaveLength(2);
    for (const recipient of detail.body.recipients) {
      expect(recipient).toMatchObject({ status: 'retrying', sent_at: null });
      expect(recipient.last_error).toMatch(/could not be reached/);
    }
    // Each was tried at most once: once the relay proved down, the rest wait without a doomed attempt.
    const attempts = detail.body.recipients.map((r: { attempts: number }) => r.attempts);
    expect(attempts.every((n: number) => n === 0 || n === 1)).toBe(true);
    expect(attempts).toContain(1);
    expect((await t.send('GET', `/campaigns/${res.body.id}/stats`, { token: admin.token })).body).toMatchObject({ recipients: 2, sent: 0, failed: 0, pending: 2 });

    const relay = await relayOn(port);
    cleanups.push(() => relay.close());
    await makeJobsDue(t.database, [first.id]);
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ id: first.id, attempt: 2, outcome: 'completed' })]);
    expect(deliveries(relay, SEED.subject)).toEqual(['jane@example.com', 'john@example.com']);
    const stats = await t.send('GET', `/campaigns/${res.body.id}/stats`, { token: admin.token });
    expect(stats.body).toMatchObject({ status: 'completed', recipients: 2, sent: 2, failed: 0, pending: 0 });
    // Nothing is left to run, and nobody got a second copy.
    await makeJobsDue(t.database);
    expect(await runDueJobs(t)).toEqual([]);
    expect(deliveries(relay, SEED.subject)).toEqual(['jane@example.com', 'john@example.com']);
  });

  it('dead-letters the job once its attempts are spent; an admin’s replay delivers once the relay is back', async () => {
    const port = await closedPort();
    const t = await appFor(port);
    cleanups.push(() => t.close());
    const admin = await t.user();
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'Dead letter' } });
    const outcomes: string[] = [];
    for (let i = 0; i < 20 && outcomes.at(-1) !== 'dead'; i++) {
      outcomes.push(...(await runDueJobs(t)).map((r) => r.outcome));
      await makeJobsDue(t.database);
    }
    expect(outcomes).toEqual([...Array(9).fill('failed'), 'dead']);
    const dead = await t.send('GET', '/jobs/dead-letter', { token: admin.token });
    expect(dead.body.items).toEqual([expect.objectContaining({ type: 'campaign.deliver', state: 'dead', attempts: 10, payload: { campaign_id: res.body.id } })]);
    expect(dead.body.items[0].last_error).toMatch(/could not be mailed yet/);
    // The recipients still wait: a replay can reach them.
    expect((await t.send('GET', `/campaigns/${res.body.id}/stats`, { token: admin.token })).body).toMatchObject({ status: 'sending', pending: 2 });

    const relay = await relayOn(port);
    cleanups.push(() => relay.close());
    const replay = await t.send('POST', `/jobs/dead-letter/${dead.body.items[0].id}/replay`, { token: admin.token });
    expect(replay.status).toBe(202);
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ id: dead.body.items[0].id, outcome: 'completed' })]);
    expect(deliveries(relay, 'Dead letter')).toEqual(['jane@example.com', 'john@example.com']);
  });

  it('does not retry a refusal no retry can fix: the recipients fail with the reason, the job completes', async () => {
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo: (address, _session, callback) => callback(Object.assign(new Error(`No such user ${address.address}`), { responseCode: 550 })),
    });
    const port = await new Promise<number>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve((refusing.server.address() as { port: number }).port)));
    cleanups.push(() => new Promise<void>((resolve) => refusing.close(() => resolve())));
    const t = await appFor(port);
    cleanups.push(() => t.close());
    const admin = await t.user();
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, subject: 'Refused' } });
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ type: 'campaign.deliver', outcome: 'completed' })]);
    const detail = await t.send('GET', `/campaigns/${res.body.id}`, { token: admin.token });
    expect(detail.body.status).toBe('completed');
    for (const recipient of detail.body.recipients) {
      expect(recipient).toMatchObject({ status: 'failed', attempts: 1 });
      expect(recipient.last_error).toMatch(/No such user/);
    }
    await makeJobsDue(t.database);
    expect(await runDueJobs(t)).toEqual([]);
  });

  it('deliverCampaign itself throws the retryable CampaignDeliveryIncomplete while recipients wait', async () => {
    const t = await appFor(await closedPort());
    cleanups.push(() => t.close());
    const admin = await t.user();
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: SEED });
    const deps = { db: t.database.db, mailer: createMailer({ host: '127.0.0.1', port: await closedPort(), from: 'x@reos.local' }), secret: t.config.jwt.secret, logger: createLogger({ level: 'silent' }) };
    const error = await deliverCampaign(deps, res.body.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CampaignDeliveryIncomplete);
    expect(error).toMatchObject({ retryable: true });
    deps.mailer.close();
  });

  it('answers a password reset request with the same 202 while the relay is down, and the queue’s retry mails it', async () => {
    const port = await closedPort();
    const t = await appFor(port);
    cleanups.push(() => t.close());
    const user = await t.user();
    const known = await t.send('POST', '/auth/password-reset', { body: { email: user.email } });
    const unknown = await t.send('POST', '/auth/password-reset', { body: { email: 'nobody@example.com' } });
    expect(known.status).toBe(202);
    expect(known.text).toBe(unknown.text);
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ type: 'auth.password_reset_mail', outcome: 'failed' })]);

    const relay = await relayOn(port);
    cleanups.push(() => relay.close());
    await makeJobsDue(t.database);
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ type: 'auth.password_reset_mail', attempt: 2, outcome: 'completed' })]);
    const mails = relay.messages().filter((m) => m.parsed.subject === 'Reset your Real Estate OS password');
    expect(mails.map((m) => m.rcptTo)).toEqual([[user.email]]);
    const token = /rp_[A-Za-z0-9_-]{43}/.exec(mails[0].parsed.text ?? '')![0];
    expect((await t.send('POST', '/auth/password-reset/confirm', { body: { token, new_password: 'Brand-New-Pass-1' } })).status).toBe(204);
  });

  it('answers 202 while a silent relay would hold the delivery', async () => {
    const sockets = new Set<Socket>();
    // Accepts connections and never greets: the worst relay, one that neither works nor fails.
    const silent = createServer((socket) => sockets.add(socket));
    const port = await listen(silent);
    cleanups.push(() => new Promise((resolve) => { for (const s of sockets) s.destroy(); silent.close(resolve); }));
    const t = await appFor(port);
    cleanups.push(() => t.close());
    const admin = await t.user();
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: { ...SEED, recipients: ['jane@example.com'] } });
    expect(res.status).toBe(202);
    const during = await t.send('GET', `/campaigns/${res.body.id}`, { token: admin.token });
    expect(during.body.recipients[0]).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    const after = await t.send('GET', `/campaigns/${res.body.id}`, { token: admin.token });
    expect(after.body.recipients[0]).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(after.body.recipients[0].last_error).toEqual(expect.any(String));
  });
});
