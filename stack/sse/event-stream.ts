/**
 * One `text/event-stream` response body (WHATWG HTML, "Server-sent events"): a `retry:` line
 * first, then `id` / `event` / `data` blocks and `: ping` comment heartbeats. It ends exactly
 * once, whatever ends it (client gone, server closing, client too slow), and then calls
 * `onClose` so the caller can detach. A client that stops reading is cut off once
 * `maxBufferedBytes` wait for it, instead of growing the server's memory: it reconnects with
 * Last-Event-ID and the replay fills the gap.
 */
export interface EventStreamOptions {
  retryMs: number;
  /** `: ping` every this many ms; 0 for none. */
  heartbeatMs: number;
  maxBufferedBytes?: number;
  /** The request's signal: aborts when the client disconnects. */
  signal?: AbortSignal;
  onClose(): void;
}

export interface StreamedEvent {
  id: number;
  type: string;
  data: unknown;
}

export interface EventStream {
  readonly body: ReadableStream<Uint8Array>;
  send(event: StreamedEvent): void;
  comment(text: string): void;
  close(): void;
  readonly closed: boolean;
}

const encoder = new TextEncoder();
const singleLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
// One event fans out to every stream of its team: serialise and encode it once, not per stream.
const wireCache = new WeakMap<StreamedEvent, Uint8Array>();

/** The wire form of one event; JSON never holds a raw newline, so `data` is one line. */
export function formatEvent(event: StreamedEvent): string {
  return `id: ${event.id}\nevent: ${singleLine(event.type)}\ndata: ${JSON.stringify(event.data ?? null)}\n\n`;
}

function wireBytes(event: StreamedEvent): Uint8Array {
  let bytes = wireCache.get(event);
  if (!bytes) {
    bytes = encoder.encode(formatEvent(event));
    wireCache.set(event, bytes);
  }
  return bytes;
}

/**
 * @example
 * const stream = openEventStream({ retryMs: 3000, heartbeatMs: 15000, signal: c.req.raw.signal, onClose: detach });
 * stream.send({ id: 42, type: 'property.created', data: { id: 'p1' } });
 * return new Response(stream.body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } });
 */
export function openEventStream(options: EventStreamOptions): EventStream {
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  // Chunks written in one turn (a burst of events after a backlog) leave as one chunk: one
  // socket write instead of one per event, which is when the server can least afford them.
  let pending: Uint8Array[] = [];
  const takePending = () => {
    const chunk = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [];
    return chunk;
  };

  /** `close`: finish the body normally; `drop`: abort it (too slow); `none`: the reader is gone. */
  const end = (how: 'close' | 'drop' | 'none') => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', onAbort);
    try {
      if (how === 'close' && pending.length > 0) controller.enqueue(takePending());
      pending = [];
      if (how === 'close') controller.close();
      if (how === 'drop') controller.error(new Error('the client reads too slowly'));
    } catch {
      // already errored or cancelled by the reader
    }
    options.onClose();
  };
  const onAbort = () => end('close');

  const flush = () => {
    if (closed || pending.length === 0) return;
    controller.enqueue(takePending());
    if ((controller.desiredSize ?? 0) < -maxBuffered) end('drop');
  };
  const write = (chunk: string | Uint8Array) => {
    if (closed) return;
    pending.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    if (pending.length === 1) queueMicrotask(flush);
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel: () => end('none'),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 16 * 1024 }),
  );

  write(`retry: ${options.retryMs}\n\n`);
  if (options.heartbeatMs > 0) heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs).unref();
  if (options.signal?.aborted) end('close');
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    body,
    send: (event) => write(wireBytes(event)),
    comment: (text) => write(`: ${singleLine(text)}\n\n`),
    close: () => end('close'),
    get closed() {
      return closed;
    },
  };
}
