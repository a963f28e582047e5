/**
 * Mail for the stack: the embedded catcher (SMTP in, MailHog-compatible HTTP out) and the mailer
 * that every outgoing message goes through.
 */
export { startMailCatcher, type MailCatcherOptions, type RunningMailCatcher } from './catcher.js';
export { createMailer, MailDeliveryError, type Mailer, type MailerOptions, type OutgoingMail, type SentMail } from './mailer.js';
export type { CaughtMessage } from './message-store.js';
export type { MailHogMessage, MailHogPage } from './mailhog-shape.js';
