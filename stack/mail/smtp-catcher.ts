/**
 * The SMTP side of the mail catcher: accepts any message from anyone (no AUTH, no TLS, as a
 * local catcher should), parses it with mailparser and hands it to the store. Messages over the
 * size limit are refused with a 552 that says so, after the stream is drained.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from 'pino';
import { toListenError } from './listen-error.js';
import type { MessageStore } from './message-store.js';

/** How long close() lets an SMTP client finish before its connection is cut. */
const CLOSE_GRACE_MS = 500;

export interface SmtpCatcherOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  store: MessageStore;
  logger: Logger;
}

export interface RunningSmtpCatcher {
  port: number;
  close(): Promise<void>;
}

/**
 * @example
 * const smtp = await startSmtpCatcher({ host: '127.0.0.1', port: 1025, maxMessageBytes: 10 * 1024 * 1024, store, logger });
 */
export function startSmtpCatcher(options: SmtpCatcherOptions): Promise<RunningSmtpCatcher> {
  const { host, port, logger } = options;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    size: options.maxMessageBytes,
    closeTimeout: CLOSE_GRACE_MS,
    logger: false,
    // A reverse DNS lookup per connection costs each send ~100 ms and tells a local catcher nothing.
    disableReverseLookup: true,
    banner: 'reos mail catcher',
    onData(stream, session, callback) {
      receive(stream, session, options).then(
        (message) => callback(null, message),
        (error: Error) => callback(error),
      );
    },
  });
  // A client that drops mid-session is routine for a catcher: log it, never crash (an 'error'
  // without a listener would throw; listen failures also pass here and are reported below).
  server.on('error', (error) => logger.warn({ err: error }, 'smtp catcher error'));

  return new Promise((resolve, reject) => {
    const onListenError = (error: NodeJS.ErrnoException) =>
      reject(toListenError(error, { what: 'SMTP catcher', host, port, env: 'MAIL_SMTP_PORT', flag: '--mail-smtp-port' }));
    server.server.once('error', onListenError);
    server.listen(port, host, () => {
      server.server.off('error', onListenError);
      resolve({
        port: (server.server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** Reads one DATA stream, keeps the message, and returns the reply text for the 250. */
async function receive(stream: SMTPServerDataStream, session: SMTPServerSession, options: SmtpCatcherOptions): Promise<string> {
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Keep reading past the limit (the client is still sending) but stop holding the bytes.
    if (kept + chunk.length <= options.maxMessageBytes) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  }
  if (stream.sizeExceeded) {
    const error = new Error(`Message exceeds the catcher's maximum size of ${options.maxMessageBytes} bytes`) as Error & { responseCode: number };
    error.responseCode = 552;
    throw error;
  }
  const raw = Buffer.concat(chunks);
  const parsed = await simpleParser(raw);
  const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  const rcptTo = session.envelope.rcptTo.map((recipient) => recipient.address);
  const id = randomUUID();
  options.store.add({ id, receivedAt: new Date(), helo: session.hostNameAppearsAs ?? '', mailFrom, rcptTo, raw: raw.toString('utf8'), parsed });
  options.logger.info({ mail_id: id, from: mailFrom, to: rcptTo, subject: parsed.subject, bytes: raw.length }, 'mail caught');
  return `Message queued as ${id}`;
}
