/** The store's bounds and search, without sockets. */
import type { ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createMessageStore, type CaughtMessage } from './message-store.js';

function message(id: string, raw = `Subject: ${id}\r\n\r\nbody of ${id}`): CaughtMessage {
  const parsed = { subject: id, text: `body of ${id}`, headers: new Map(), headerLines: [], attachments: [], html: false } as unknown as ParsedMail;
  return { id, receivedAt: new Date(), helo: 'test', mailFrom: `${id}@from.example`, rcptTo: [`${id}@to.example`], raw, parsed };
}

describe('createMessageStore', () => {
  it('drops the oldest past maxMessages and lists newest first', () => {
    const store = createMessageStore({ maxMessages: 2 });
    for (const id of ['a', 'b', 'c']) store.add(message(id));
    expect(store.list().map((m) => m.id)).toEqual(['c', 'b']);
    expect(store.get('a')).toBeUndefined();
  });

  it('drops the oldest past maxTotalBytes but always keeps the newest', () => {
    const store = createMessageStore({ maxMessages: 100, maxTotalBytes: 250 });
    store.add(message('a', 'x'.repeat(100)));
    store.add(message('b', 'x'.repeat(100)));
    store.add(message('c', 'x'.repeat(100)));
    expect(store.list().map((m) => m.id)).toEqual(['c', 'b']);
    store.add(message('huge', 'x'.repeat(1_000)));
    expect(store.list().map((m) => m.id)).toEqual(['huge']);
    store.remove('huge');
    store.add(message('d', 'x'.repeat(200)));
    expect(store.size).toBe(1);
  });

  it('searches envelope and headers for from/to, and the body for containing', () => {
    const store = createMessageStore({ maxMessages: 10 });
    store.add(message('alpha'));
    store.add(message('beta'));
    expect(store.search('to', 'ALPHA@TO').map((m) => m.id)).toEqual(['alpha']);
    expect(store.search('from', 'from.example')).toHaveLength(2);
    expect(store.search('containing', 'Body Of Beta').map((m) => m.id)).toEqual(['beta']);
    expect(store.search('to', 'from.example')).toHaveLength(0);
  });
});
