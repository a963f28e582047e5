/**
 * The embedded mail catcher `reos up` runs in place of MailHog: an SMTP server that keeps every
 * message in memory and an HTTP server answering MailHog's API and an inbox page. One call starts
 * both; one close() stops both, without waiting on clients that keep connections open.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import { createMailApi } from './http-api.js';
import { toListenError } from './listen-error.js';
import { createMessageStore, type CaughtMessage } from './message-store.js';
import { startSmtpCatcher } from './smtp-catcher.js';

export interface MailCatcherOptions {
  /** Interface of the SMTP side (default 127.0.0.1: a catcher should not face the network). */
  smtpHost?: string;
  /** MAIL_SMTP_PORT, default 1025; 0 picks a free port. */
  smtpPort?: number;
  httpHost?: string;
  /** MAIL_HTTP_PORT, default 8025; 0 picks a free port. */
  httpPort?: number;
  /** Messages kept; past it the oldest goes (default 1000). */
  maxMessages?: number;
  /** Raw bytes kept across all messages; past it the oldest go (default 100 MB). */
  maxTotalBytes?: number;
  /** Largest message accepted, in bytes (default 10 MB; above it the SMTP reply is 552). */
  maxMessageBytes?: number;
  logger: Logger;
}

export interface RunningMailCatcher {
  /** The port the SMTP side really listens on (the chosen one when asked for 0). */
  smtpPort: number;
  /** Base URL of the MailHog-compatible API and inbox page, e.g. http://127.0.0.1:8025. */
  httpUrl: string;
  /** Caught messages, newest first. */
  messages(): CaughtMessage[];
  close(): Promise<void>;
}

/**
 * @example
 * const mail = await startMailCatcher({ smtpPort: 1025, httpPort: 8025, logger });
 * // send to 127.0.0.1:1025, then GET `${mail.httpUrl}/api/v2/messages`
 * await mail.close();
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<RunningMailCatcher> {
  const { logger } = options;
  const smtpHost = options.smtpHost ?? '127.0.0.1';
  const httpHost = options.httpHost ?? '127.0.0.1';
  const store = createMessageStore({ maxMessages: options.maxMessages ?? 1000, maxTotalBytes: options.maxTotalBytes ?? 100 * 1024 * 1024 });
  const smtp = await startSmtpCatcher({
    host: smtpHost,
    port: options.smtpPort ?? 1025,
    maxMessageBytes: options.maxMessageBytes ?? 10 * 1024 * 1024,
    store,
    logger,
  });
  let http: ServerType;
  try {
    http = await listenHttp(createMailApi({ store, logger }).fetch, httpHost, options.httpPort ?? 8025);
  } catch (error) {
    await smtp.close();
    throw error;
  }
  const httpUrl = baseUrl(httpHost, (http.address() as AddressInfo).port);
  logger.info({ smtp_port: smtp.port, http_url: httpUrl }, 'mail catcher ready');

  let closing: Promise<void> | undefined;
  return {
    smtpPort: smtp.port,
    httpUrl,
    messages: () => store.list(),
    close() {
      closing ??= Promise.all([smtp.close(), closeHttp(http)]).then(() => logger.info('mail catcher stopped'));
      return closing;
    },
  };
}

function listenHttp(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(toListenError(error, { what: 'mail web view', host, port, env: 'MAIL_HTTP_PORT', flag: '--mail-http-port' })),
    );
  });
}

/** Stops accepting and ends idle keep-alive connections now, busy ones after a short grace. */
function closeHttp(server: ServerType): Promise<void> {
  const connections = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  return new Promise((resolve) => {
    server.close(() => resolve());
    connections.closeIdleConnections?.();
    setTimeout(() => connections.closeAllConnections?.(), 500).unref();
  });
}

function baseUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
