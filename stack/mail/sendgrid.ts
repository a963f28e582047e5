/**
 * The SendGrid provider behind the Mailer interface: one v3 `POST /v3/mail/send` per message
 * over undici, with a bearer API key. Ids for webhook correlation travel as `custom_args`, so
 * SendGrid's event webhook hands them back. Failures map onto MailDeliveryError: 429 and 5xx and
 * network errors are retryable, any other 4xx is not (the request itself is wrong).
 */
import { request, type Dispatcher } from 'undici';
import { MailDeliveryError, type Mailer, type OutgoingMail, type SentMail } from './mailer.js';

export const SENDGRID_API_URL = 'https://api.sendgrid.com';

export interface SendGridOptions {
  apiKey: string;
  /** Default sender, `Name <address>` or a bare address. */
  from: string;
  /** Another base URL (tests, EU data residency: https://api.eu.sendgrid.com). */
  baseUrl?: string;
  /** An undici dispatcher (a MockAgent in tests). */
  dispatcher?: Dispatcher;
  timeoutMs?: number;
}

interface Address {
  email: string;
  name?: string;
}

/** `Real Estate OS <no-reply@reos.local>` -> `{ name: 'Real Estate OS', email: 'no-reply@reos.local' }`. */
export function parseAddress(text: string): Address {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(text);
  if (!match) return { email: text.trim() };
  return match[1] ? { email: match[2].trim(), name: match[1].trim() } : { email: match[2].trim() };
}

/** The v3 mail/send body for one message. */
export function sendGridPayload(mail: OutgoingMail, from: string): Record<string, unknown> {
  const to = (Array.isArray(mail.to) ? mail.to : [mail.to]).map(parseAddress);
  const content = [{ type: 'text/plain', value: mail.text }, ...(mail.html ? [{ type: 'text/html', value: mail.html }] : [])];
  return {
    personalizations: [{ to }],
    from: parseAddress(from),
    subject: mail.subject,
    content,
    ...(mail.headers && Object.keys(mail.headers).length > 0 ? { headers: mail.headers } : {}),
    ...(mail.metadata && Object.keys(mail.metadata).length > 0 ? { custom_args: mail.metadata } : {}),
  };
}

async function errorDetail(body: Dispatcher.ResponseData['body']): Promise<string> {
  const text = await body.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { errors?: { message?: string; field?: string | null }[] };
    const messages = (parsed.errors ?? []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).filter(Boolean);
    if (messages.length > 0) return messages.join('; ');
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 300) || 'no details';
}

/** Maps a SendGrid answer (status >= 300) onto the typed error the queue understands. */
export function sendGridError(status: number, detail: string): MailDeliveryError {
  const retryable = status === 429 || status >= 500;
  const code = status === 429 ? 'MAIL_RATE_LIMITED' : retryable ? 'MAIL_PROVIDER_UNAVAILABLE' : status === 401 || status === 403 ? 'MAIL_PROVIDER_AUTH' : 'MAIL_REJECTED';
  const hint =
    code === 'MAIL_PROVIDER_AUTH'
      ? 'Check SENDGRID_API_KEY and that the key has the "Mail Send" permission.'
      : retryable
        ? 'SendGrid asked to try again later.'
        : 'Check the sender (a verified sender identity), the recipients and the content.';
  return new MailDeliveryError(code, `SendGrid refused the message (HTTP ${status}): ${detail}`, { hint, retryable, responseCode: status });
}

/**
 * @example
 * const mailer = createSendGridMailer({ apiKey: process.env.SENDGRID_API_KEY!, from: 'Team <team@example.com>' });
 * await mailer.send({ to: 'jane@example.com', subject: 'Hi', text: 'Hello' });
 */
export function createSendGridMailer(options: SendGridOptions): Mailer {
  const url = `${(options.baseUrl ?? SENDGRID_API_URL).replace(/\/+$/, '')}/v3/mail/send`;
  const timeout = options.timeoutMs ?? 10_000;
  return {
    async send(mail: OutgoingMail): Promise<SentMail> {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(sendGridPayload(mail, options.from)),
          dispatcher: options.dispatcher,
          headersTimeout: timeout,
          bodyTimeout: timeout,
        });
      } catch (error) {
        throw new MailDeliveryError('MAIL_UNREACHABLE', `SendGrid could not be reached: ${(error as Error).message}`, {
          hint: 'Check the network and https://status.sendgrid.com.',
          cause: error,
          retryable: true,
        });
      }
      if (response.statusCode >= 300) throw sendGridError(response.statusCode, await errorDetail(response.body));
      await response.body.dump();
      const recipients = (Array.isArray(mail.to) ? mail.to : [mail.to]).map((to) => parseAddress(to).email);
      const id = response.headers['x-message-id'];
      return { messageId: (Array.isArray(id) ? id[0] : id) ?? '', accepted: recipients, rejected: [] };
    },
    close() {
      // Nothing pooled per mailer: undici's global dispatcher (or the caller's) owns the sockets.
    },
  };
}
