/** The mailer against nothing: an unreachable relay fails fast with a retryable typed error. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { StackError } from '../lib/errors.js';
import { createMailer, MailDeliveryError } from './mailer.js';

/** A port that was free a moment ago, so nothing answers on it. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('createMailer', () => {
  it('throws a retryable MAIL_UNREACHABLE when no SMTP server listens', async () => {
    const mailer = createMailer({ host: '127.0.0.1', port: await deadPort(), from: 'no-reply@reos.local' });
    const began = performance.now();
    const error = await mailer.send({ to: 'a@example.com', subject: 'hello', text: 'hi' }).catch((caught: unknown) => caught);
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toBeInstanceOf(StackError);
    expect(error).toMatchObject({ code: 'MAIL_UNREACHABLE', retryable: true });
    expect((error as StackError).hint).toContain('SMTP_HOST');
    mailer.close();
  });
});
