/**
 * The SSE body on its own: wire format, the retry line, one close whatever ends it, and a
 * client that stops reading being cut off instead of growing the server's memory.
 */
import { describe, expect, it } from 'vitest';
import { formatEvent, openEventStream } from './event-stream.js';

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

describe('event stream', () => {
  it('formats an event as id, event and one data line', () => {
    expect(formatEvent({ id: 7, type: 'lead.created', data: { name: 'A\nB' } })).toBe('id: 7\nevent: lead.created\ndata: {"name":"A\\nB"}\n\n');
    expect(formatEvent({ id: 8, type: 'x\r\nid: 99', data: null })).toBe('id: 8\nevent: x id: 99\ndata: null\n\n');
  });

  it('starts with the retry line, sends what was written in order, and closes once', async () => {
    let closes = 0;
    const stream = openEventStream({ retryMs: 3000, heartbeatMs: 0, onClose: () => closes++ });
    stream.send({ id: 1, type: 'test', data: { a: 1 } });
    stream.comment('hello');
    stream.send({ id: 2, type: 'test', data: {} });
    stream.close();
    stream.close();
    expect(await readAll(stream.body)).toBe('retry: 3000\n\nid: 1\nevent: test\ndata: {"a":1}\n\n: hello\n\nid: 2\nevent: test\ndata: {}\n\n');
    expect(closes).toBe(1);
    expect(stream.closed).toBe(true);
  });

  it('ends when the request is aborted', async () => {
    const abort = new AbortController();
    let closed = false;
    const stream = openEventStream({ retryMs: 1000, heartbeatMs: 0, signal: abort.signal, onClose: () => (closed = true) });
    abort.abort();
    expect(closed).toBe(true);
    expect(await readAll(stream.body)).toBe('retry: 1000\n\n');
  });

  it('ends when the reader cancels (the client went away)', async () => {
    let closed = false;
    const stream = openEventStream({ retryMs: 1000, heartbeatMs: 0, onClose: () => (closed = true) });
    await stream.body.cancel();
    expect(closed).toBe(true);
  });

  it('cuts off a client that stops reading once too much waits for it', async () => {
    let closed = false;
    const stream = openEventStream({ retryMs: 1000, heartbeatMs: 0, maxBufferedBytes: 4096, onClose: () => (closed = true) });
    const big = { note: 'x'.repeat(1000) };
    for (let id = 1; id <= 100 && !stream.closed; id++) {
      stream.send({ id, type: 'test', data: big });
      await Promise.resolve();
    }
    expect(closed).toBe(true);
    await expect(readAll(stream.body)).rejects.toThrow(/too slowly/);
  });
});
