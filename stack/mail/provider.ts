/**
 * Picks the mailer the stack sends through: SMTP (nodemailer: the embedded catcher, MailHog or a
 * relay) by default and always in MOCK_MODE, SendGrid's HTTP API with MAIL_PROVIDER=sendgrid.
 */
import type { StackConfig } from '../config.js';
import { createMailer, type Mailer } from './mailer.js';
import { createSendGridMailer } from './sendgrid.js';

/** `smtpPort` overrides the configured one (the catcher's real port when it was asked for 0). */
export function createConfiguredMailer(config: Pick<StackConfig, 'mail'>, smtpPort = config.mail.smtpPort): Mailer {
  const { mail } = config;
  if (mail.provider === 'sendgrid' && mail.sendgridApiKey) return createSendGridMailer({ apiKey: mail.sendgridApiKey, from: mail.from });
  return createMailer({ host: mail.smtpHost, port: smtpPort, from: mail.from, auth: mail.smtpAuth });
}
