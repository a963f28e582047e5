/**
 * SMTP down. The mailer (stack/mail/mailer.ts) is the one send path; when its server is gone
 * it must fail with a retryable MailDeliveryError instead of hanging, whether the port is
 * closed, the embedded catcher was stopped under it, or a server accepts the connection and
 * never speaks. Once the catcher is back on its port, the same mailer delivers again. And a
 * stack whose SMTP server is down still serves: readiness and writes answer (this branch has
 * no route that sends mail yet; campaign sending lands elsewhere and goes through this mailer).
 *
 * The bounds below only stop a hung test: they are far above the mailer's own timeouts.
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../stack/config.js';
import { createLogger } from '../../stack/lib/logger.js';
import { createMailer, MailDeliveryError, startMailCatcher, type Mailer } from '../../stack/mail/index.js';
import { startStack } from '../../stack/server.js';
import { freePort } from '../cli/helpers.js';

const logger = createLogger({ level: 'silent' });
const HANG_BOUND_MS = 30_000;
const mail = { to: 'buyer@example.com', subject: 'Open house', text: 'Sunday 2pm.' };

const mailers: Mailer[] = [];
afterAll(() => mailers.forEach((m) => m.close()));

function mailerAt(port: number, options: { connectionTimeoutMs?: number } = {}): Mailer {
  const mailer = createMailer({ host: '127.0.0.1', port, from: 'no-reply@reos.local', ...options });
  mailers.push(mailer);
  return mailer;
}

/** The send's outcome, or 'hung' if it neither resolves nor rejects within the bound. */
async function settle(send: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_BOUND_MS)));
  try {
    return await Promise.race([send.then((value) => ({ sent: value }), (error: unknown) => error), hung]);
  } finally {
    clearTimeout(timer);
  }
}

function expectRetryable(outcome: unknown, code: string): void {
  expect(outcome).toBeInstanceOf(MailDeliveryError);
  expect(outcome).toMatchObject({ retryable: true, code });
  expect((outcome as MailDeliveryError).hint).toBeTruthy();
}

describe('SMTP down', { timeout: 120_000 }, () => {
  it('a closed port fails at once with a retryable MAIL_UNREACHABLE', async () => {
    expectRetryable(await settle(mailerAt(await freePort()).send(mail)), 'MAIL_UNREACHABLE');
  });

  it('the catcher stopped under a mailer: retryable failure, then delivery again once it is back on its port', async () => {
    let catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger });
    const port = catcher.smtpPort;
    const mailer = mailerAt(port);
    expect(await settle(mailer.send(mail))).toMatchObject({ sent: { accepted: ['buyer@example.com'] } });
    await catcher.close();

    expectRetryable(await settle(mailer.send(mail)), 'MAIL_UNREACHABLE');

    catcher = await startMailCatcher({ smtpPort: port, httpPort: 0, logger });
    try {
      expect(await settle(mailer.send(mail))).toMatchObject({ sent: { accepted: ['buyer@example.com'] } });
      expect(catcher.messages()).toHaveLength(1);
    } finally {
      await catcher.close();
    }
  });

  it('a server that accepts and never greets is given up on (greeting timeout), retryable', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      // The default 5 s greeting timeout, shortened only to keep the suite quick.
      expectRetryable(await settle(mailerAt(port, { connectionTimeoutMs: 500 }).send(mail)), 'MAIL_UNREACHABLE');
    } finally {
      silent.close();
      (silent as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    }
  });

  it('a stack whose SMTP server is down still answers readiness and writes', async () => {
    const env = { LOG_LEVEL: 'silent', MAIL_CATCHER: 'false', SMTP_PORT: String(await freePort()), RATE_LIMIT_ENABLED: 'false' };
    const stack = await startStack({ config: { ...loadStackConfig(env, 'test'), ephemeral: true, port: 0, host: '127.0.0.1' } });
    try {
      expect(stack.mail).toBeUndefined();
      expect((await fetch(`${stack.url}/ready`)).status).toBe(200);
      const account = { email: 'smtp-down@example.test', password: 'Smtp-Down-9!' };
      expect((await fetch(`${stack.url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...account, name: 'No Mail' }) })).status).toBe(201);
      const login = (await (await fetch(`${stack.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) })).json()) as { access_token: string };
      const created = await fetch(`${stack.url}/properties`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.access_token}` },
        body: JSON.stringify({ address: '1 Quiet Lane', city: 'Austin', state: 'TX', zip: '78701', price: 1, bedrooms: 1 }),
      });
      expect(created.status).toBe(201);
    } finally {
      await stack.close();
    }
  });
});
