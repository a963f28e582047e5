/**
 * The one code path that sends mail: a nodemailer SMTP transport pointed at the embedded catcher,
 * MailHog or a real relay (SMTP_HOST / SMTP_PORT / MAIL_FROM). Failures come back as a typed
 * MailDeliveryError that says whether trying again can help, so the job queue that calls it can
 * retry a relay that is down and give up on an address the relay refused.
 */
import { createTransport } from 'nodemailer';
import { StackError } from '../lib/errors.js';

export interface MailerOptions {
  host: string;
  port: number;
  /** Default sender, e.g. `Real Estate OS <no-reply@reos.local>`. */
  from: string;
  /** Relay credentials; leave unset in MOCK_MODE (the catcher and MailHog need none). */
  auth?: { user: string; pass: string };
  /** Overrides for tests; the defaults keep a dead relay from holding a job for long. */
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** SMTP connections kept open and used in parallel (3 by default). */
  maxConnections?: number;
}

export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** The Message-ID to use (`<id@domain>`); nodemailer makes one when unset. */
  messageId?: string;
  /** Threading headers, so replies group in mail clients. */
  inReplyTo?: string;
  references?: string[];
  /**
   * Extra headers (e.g. SendGrid's X-SMTPAPI with the ids its event webhook echoes back);
   * `{prepared: true, value}` sends a value as is, without MIME encoding or folding.
   */
  headers?: Record<string, string | { prepared: true; value: string }>;
  /**
   * Ids that let a provider's events be matched back to this message (`reos_team_id`,
   * `reos_campaign_id` ...): SendGrid `custom_args` over its HTTP API; over SMTP, `X-Reos-*`
   * headers (`X-Reos-Campaign-Id`) and, unless the caller set its own, an `X-SMTPAPI` header
   * whose `unique_args` SendGrid's SMTP relay echoes in its events.
   */
  metadata?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

/** nodemailer's codes for "could not talk to the relay at all". */
const UNREACHABLE_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED', 'EHOSTUNREACH']);

/** A send that failed: `retryable` is true for an unreachable relay and for 4xx replies. */
export class MailDeliveryError extends StackError {
  readonly retryable: boolean;
  /** The SMTP reply code when the relay answered (550, 421 ...). */
  readonly responseCode?: number;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown; retryable: boolean; responseCode?: number }) {
    super(code, message, options);
    this.name = 'MailDeliveryError';
    this.retryable = options.retryable;
    this.responseCode = options.responseCode;
  }
}

/**
 * @example
 * const mailer = createMailer({ host: '127.0.0.1', port: 1025, from: 'no-reply@reos.local' });
 * const sent = await mailer.send({ to: 'buyer@example.com', subject: 'New listing', text: '3 bed, 2 bath' });
 */
export function createMailer(options: MailerOptions): Mailer {
  const transport = createTransport({
    host: options.host,
    port: options.port,
    // Plain SMTP: the catcher and MailHog speak no TLS, and a real relay's STARTTLS is not tried either.
    secure: false,
    ignoreTLS: true,
    // Reused connections: a new SMTP session per message costs ~100 ms (measured against the
    // catcher); a pool of a few sends a campaign ten times faster and is what relays expect.
    pool: true,
    maxConnections: options.maxConnections ?? 3,
    auth: options.auth,
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    greetingTimeout: options.connectionTimeoutMs ?? 5_000,
    socketTimeout: options.socketTimeoutMs ?? 10_000,
  });
  const relay = `${options.host}:${options.port}`;

  return {
    async send(mail) {
      try {
        const { metadata, headers, ...message } = mail;
        const info = await transport.sendMail({ from: options.from, ...message, headers: { ...smtpApiHeader(metadata, headers), ...headers, ...metadataHeaders(metadata) } });
        return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
      } catch (error) {
        throw toDeliveryError(error as Error & { code?: string; responseCode?: number }, relay);
      }
    },
    close: () => transport.close(),
  };
}

/** `{ reos_team_id: 't1' }` (or `{ team_id: 't1' }`) -> `{ 'X-Reos-Team-Id': 't1' }`. */
function metadataHeaders(metadata: Record<string, string> = {}): Record<string, string> {
  const title = (key: string) => key.replace(/^reos_/, '').split(/[_-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('-');
  return Object.fromEntries(Object.entries(metadata).map(([key, value]) => [`X-Reos-${title(key)}`, value]));
}

/** SendGrid's SMTP relay reads X-SMTPAPI as plain JSON (sent as is, not MIME-encoded); a caller's own wins. */
function smtpApiHeader(metadata: Record<string, string> | undefined, headers: OutgoingMail['headers']): Record<string, { prepared: true; value: string }> {
  if (!metadata || Object.keys(metadata).length === 0) return {};
  if (Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'x-smtpapi')) return {};
  return { 'X-SMTPAPI': { prepared: true, value: JSON.stringify({ unique_args: metadata }) } };
}

function toDeliveryError(error: Error & { code?: string; responseCode?: number }, relay: string): MailDeliveryError {
  const responseCode = error.responseCode;
  if (!responseCode && UNREACHABLE_CODES.has(error.code ?? '')) {
    return new MailDeliveryError('MAIL_UNREACHABLE', `The SMTP server at ${relay} could not be reached: ${error.message}`, {
      hint: 'Start the stack with its mail catcher (`reos up`), or point SMTP_HOST and SMTP_PORT at a running SMTP server.',
      cause: error,
      retryable: true,
    });
  }
  const transient = responseCode !== undefined && responseCode >= 400 && responseCode < 500;
  return new MailDeliveryError(transient ? 'MAIL_DEFERRED' : 'MAIL_REJECTED', `The SMTP server at ${relay} refused the message: ${error.message}`, {
    hint: transient ? 'The server asked to try again later.' : 'Check the sender and recipient addresses and the message size.',
    cause: error,
    retryable: transient,
    responseCode,
  });
}
