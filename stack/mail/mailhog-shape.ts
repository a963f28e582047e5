/**
 * Renders caught messages in MailHog's JSON shape (the `/api/v2/messages` item and envelope),
 * so tools, scripts and scenarios written against MailHog read the embedded catcher unchanged.
 */
import type { CaughtMessage } from './message-store.js';

/** MailHog's address: `buyer@example.com` is `{ Mailbox: 'buyer', Domain: 'example.com' }`. */
export interface MailHogPath {
  Relays: string[] | null;
  Mailbox: string;
  Domain: string;
  Params: string;
}

export interface MailHogMessage {
  ID: string;
  From: MailHogPath;
  To: MailHogPath[];
  Content: { Headers: Record<string, string[]>; Body: string; Size: number; MIME: null };
  Created: string;
  MIME: null;
  Raw: { From: string; To: string[]; Data: string; Helo: string };
}

export interface MailHogPage {
  total: number;
  count: number;
  start: number;
  items: MailHogMessage[];
}

/**
 * One message in MailHog's shape. Headers and body are the raw wire text, as MailHog keeps them;
 * the `MIME` part tree MailHog builds for multipart mail is not rebuilt (null).
 *
 * @example
 * toMailHogMessage(store.list()[0]).Content.Headers.Subject[0]; // 'Welcome'
 */
export function toMailHogMessage(message: CaughtMessage): MailHogMessage {
  const { headers, body } = splitRaw(message.raw);
  return {
    ID: message.id,
    From: toPath(message.mailFrom),
    To: message.rcptTo.map(toPath),
    Content: { Headers: headers, Body: body, Size: Buffer.byteLength(message.raw), MIME: null },
    Created: message.receivedAt.toISOString(),
    MIME: null,
    Raw: { From: message.mailFrom, To: [...message.rcptTo], Data: message.raw, Helo: message.helo },
  };
}

/**
 * A page of messages (already newest first) as MailHog's v2 envelope.
 *
 * @example
 * toMailHogPage(store.list(), { start: 0, limit: 50 });
 */
export function toMailHogPage(messages: CaughtMessage[], page: { start: number; limit: number }): MailHogPage {
  const items = messages.slice(page.start, page.start + page.limit).map(toMailHogMessage);
  return { total: messages.length, count: items.length, start: page.start, items };
}

function toPath(address: string): MailHogPath {
  const at = address.lastIndexOf('@');
  return {
    Relays: null,
    Mailbox: at === -1 ? address : address.slice(0, at),
    Domain: at === -1 ? '' : address.slice(at + 1),
    Params: '',
  };
}

/** Splits the DATA at the first blank line into unfolded headers (name -> values) and the body. */
function splitRaw(raw: string): { headers: Record<string, string[]>; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers: Record<string, string[]> = {};
  // A line that starts with white space continues the header above it (RFC 5322 folding).
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  return { headers, body };
}
