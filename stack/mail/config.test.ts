/**
 * How the environment picks where mail goes: the embedded catcher by default, another server
 * (MailHog in docker mode, a relay in production) when SMTP_HOST names one.
 */
import { describe, expect, it } from 'vitest';
import { loadStackConfig } from '../config.js';

describe('mail configuration', () => {
  it('runs the catcher on 1025 / 8025 and sends to it by default', () => {
    const { mail } = loadStackConfig({});
    expect(mail).toMatchObject({ catcher: true, catcherSmtpPort: 1025, catcherHttpPort: 8025, smtpHost: '127.0.0.1', smtpPort: 1025 });
    expect(mail.from).toContain('@');
  });

  it('sends to SMTP_HOST:SMTP_PORT without a catcher when SMTP_HOST is set', () => {
    const { mail } = loadStackConfig({ SMTP_HOST: 'mailhog', SMTP_PORT: '1025', SMTP_USER: 'u', SMTP_PASSWORD: 'p', MAIL_FROM: 'Agent <a@b.c>' });
    expect(mail).toMatchObject({ catcher: false, smtpHost: 'mailhog', smtpPort: 1025, smtpAuth: { user: 'u', pass: 'p' }, from: 'Agent <a@b.c>' });
  });

  it('moves the catcher with MAIL_SMTP_PORT / MAIL_HTTP_PORT, and MAIL_CATCHER=false turns it off', () => {
    expect(loadStackConfig({ MAIL_SMTP_PORT: '2525', MAIL_HTTP_PORT: '0' }).mail).toMatchObject({ catcherSmtpPort: 2525, catcherHttpPort: 0, smtpPort: 2525 });
    expect(loadStackConfig({ MAIL_CATCHER: 'false' }).mail.catcher).toBe(false);
  });

  it('rejects a port that is not a whole number, naming the variable', () => {
    expect(() => loadStackConfig({ MAIL_HTTP_PORT: 'eighty' })).toThrow(/MAIL_HTTP_PORT/);
  });
});
