/**
 * The catcher's memory: every caught message, newest last, bounded by count and by raw bytes so
 * a demo that mails in a loop (or mails big attachments) cannot grow the process without limit:
 * the oldest message goes first. Search and paging
 * live here so the HTTP API and the inbox page read the same view.
 */
import type { ParsedMail } from 'mailparser';

/** One message as it arrived on the wire, with what mailparser made of it. */
export interface CaughtMessage {
  id: string;
  receivedAt: Date;
  /** The HELO/EHLO name the client gave. */
  helo: string;
  /** Envelope sender (MAIL FROM), empty for a bounce. */
  mailFrom: string;
  /** Envelope recipients (RCPT TO). */
  rcptTo: string[];
  /** The DATA exactly as received, headers and body. */
  raw: string;
  parsed: ParsedMail;
}

export type SearchKind = 'from' | 'to' | 'containing';

export interface MessageStore {
  add(message: CaughtMessage): void;
  /** Newest first. */
  list(): CaughtMessage[];
  get(id: string): CaughtMessage | undefined;
  /** Newest first; the query is matched case-insensitively. */
  search(kind: SearchKind, query: string): CaughtMessage[];
  remove(id: string): boolean;
  clear(): void;
  readonly size: number;
}

/**
 * A bounded in-memory store. The newest message is always kept, even alone over `maxTotalBytes`.
 *
 * @example
 * const store = createMessageStore({ maxMessages: 1000, maxTotalBytes: 100 * 1024 * 1024 });
 * store.add(message);
 * store.search('to', 'buyer@example.com');
 */
export function createMessageStore(options: { maxMessages: number; maxTotalBytes?: number }): MessageStore {
  const max = Math.max(1, options.maxMessages);
  const maxBytes = options.maxTotalBytes ?? Number.POSITIVE_INFINITY;
  let totalBytes = 0;
  // A Map keeps insertion order, so its first key is always the oldest message.
  const messages = new Map<string, CaughtMessage>();
  const newestFirst = () => [...messages.values()].reverse();
  const remove = (id: string): boolean => {
    const message = messages.get(id);
    if (message) totalBytes -= Buffer.byteLength(message.raw);
    return messages.delete(id);
  };

  return {
    add(message) {
      messages.set(message.id, message);
      totalBytes += Buffer.byteLength(message.raw);
      while (messages.size > max || (messages.size > 1 && totalBytes > maxBytes)) remove(messages.keys().next().value as string);
    },
    list: newestFirst,
    get: (id) => messages.get(id),
    search(kind, query) {
      const needle = query.toLowerCase();
      return newestFirst().filter((message) => searchableText(message, kind).toLowerCase().includes(needle));
    },
    remove,
    clear() {
      messages.clear();
      totalBytes = 0;
    },
    get size() {
      return messages.size;
    },
  };
}

/** The text a search kind looks in: envelope and header for from/to, headers and body otherwise. */
function searchableText(message: CaughtMessage, kind: SearchKind): string {
  const { parsed } = message;
  if (kind === 'from') return [message.mailFrom, parsed.from?.text ?? ''].join('\n');
  if (kind === 'to') {
    const headers = [parsed.to, parsed.cc].flat().map((address) => address?.text ?? '');
    return [...message.rcptTo, ...headers].join('\n');
  }
  // Decoded text as well as the raw message, so an encoded subject or a quoted-printable body still matches.
  return [message.raw, parsed.subject ?? '', parsed.text ?? '', typeof parsed.html === 'string' ? parsed.html : ''].join('\n');
}
