/**
 * Renders caught messages in MailHog's JSON shape (the `/api/v2/messages` item and envelope),
 * so tools, scripts and scenarios written against MailHog read the embedded catcher unchanged.
 */
import { parseContent, type MailHogContent, type MailHogMime } from './mailhog-content.js';
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
  /** Top-level content; its `MIME` stays null, as in MailHog. */
  Content: MailHogContent;
  Created: string;
  /** The part tree of a multipart message, null otherwise. */
  MIME: MailHogMime | null;
  Raw: { From: string; To: string[]; Data: string; Helo: string };
}

export interface MailHogPage {
  total: number;
  count: number;
  start: number;
  items: MailHogMessage[];
}

/**
 * One message in MailHog's shape. Headers and body are the raw wire text, as MailHog keeps them
 * (an encoded subject stays `=?UTF-8?Q?...?=`).
 *
 * @example
 * toMailHogMessage(store.list()[0]).Content.Headers.Subject[0]; // 'Welcome'
 */
export function toMailHogMessage(message: CaughtMessage): MailHogMessage {
  // MailHog keeps the part tree at the top level and leaves Content.MIME empty.
  const { MIME, ...content } = parseContent(message.raw);
  return {
    ID: message.id,
    From: toPath(message.mailFrom),
    To: message.rcptTo.map(toPath),
    Content: { ...content, MIME: null },
    Created: message.receivedAt.toISOString(),
    MIME,
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
