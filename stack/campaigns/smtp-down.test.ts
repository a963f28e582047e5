/**
 * A relay that is down or silent never holds POST /campaigns: the answer is 202 while the mail
 * is still on its way, and the recipients end `retrying` with the error and the attempt count
 * recorded (deliverCampaign then throws a retryable error so a queue can try again).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { loadStackConfig } from '../config.js';
import { createLogger } from '../lib/logger.js';
import { createMailer } from '../mail/mailer.js';
import { campaignDeliveriesSettled, CampaignDeliveryIncomplete, deliverCampaign } from './delivery.js';

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
  return createTestApp({ mail: { ...base.mail, catcher: false, smtpHost: '127.0.0.1', smtpPort: port } });
}

describe('campaign delivery with the SMTP server down', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    await campaignDeliveriesSettled();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('answers 202 and leaves every recipient retrying with the error recorded', async () => {
    const t = await appFor(await closedPort());
    cleanups.push(() => t.close());
    const admin = await t.user();
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: SEED });
    expect(res.status, res.text).toBe(202);
    expect(res.body.status).toBe('sending');
    await campaignDeliveriesSettled();
    const detail = await t.send('GET', `/campaigns/${res.body.id}`, { token: admin.token });
    expect(detail.body.status).toBe('sending');
    expect(detail.body.recipients).toHaveLength(2);
    for (const recipient of detail.body.recipients) {
      expect(recipient).toMatchObject({ status: 'retrying', attempts: expect.any(Number), sent_at: null });
      expect(recipient.last_error).toMatch(/could not be reached/);
    }
    // Each was tried at most once: once the relay proved down, the rest wait without a doomed attempt.
    const attempts = detail.body.recipients.map((r: { attempts: number }) => r.attempts);
    expect(attempts.every((n: number) => n === 0 || n === 1)).toBe(true);
    expect(attempts).toContain(1);
    const stats = await t.send('GET', `/campaigns/${res.body.id}/stats`, { token: admin.token });
    expect(stats.body).toMatchObject({ recipients: 2, sent: 0, failed: 0, pending: 2 });

    const deps = { db: t.database.db, mailer: createMailer({ host: '127.0.0.1', port: await closedPort(), from: 'x@reos.local' }), secret: t.config.jwt.secret, logger: createLogger({ level: 'silent' }) };
    const error = await deliverCampaign(deps, res.body.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CampaignDeliveryIncomplete);
    expect(error).toMatchObject({ retryable: true });
    deps.mailer.close();
  });

  it('answers a password reset request with the same 202 while the relay is down', async () => {
    const t = await appFor(await closedPort());
    cleanups.push(() => t.close());
    const user = await t.user();
    const known = await t.send('POST', '/auth/password-reset', { body: { email: user.email } });
    const unknown = await t.send('POST', '/auth/password-reset', { body: { email: 'nobody@example.com' } });
    expect(known.status).toBe(202);
    expect(known.text).toBe(unknown.text);
  });

  it('answers 202 while a silent relay still holds the delivery', async () => {
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
    await campaignDeliveriesSettled();
    const after = await t.send('GET', `/campaigns/${res.body.id}`, { token: admin.token });
    expect(after.body.recipients[0]).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(after.body.recipients[0].last_error).toEqual(expect.any(String));
  });
});
