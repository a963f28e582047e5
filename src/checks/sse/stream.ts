/**
 * One Server-Sent Events connection, read with undici and eventsource-parser: the frames it
 * received (with the connection number and arrival time) and a way to wait until the frames
 * satisfy a condition or a deadline passes.
 */
import { createParser } from 'eventsource-parser';
import { request } from '../support/undici-request.js';
import type { HttpExchange } from '../../model.js';
import { describeNetworkError } from '../support/http-client.js';

export interface Frame {
  connection: number;
  id?: string;
  event: string;
  data: string;
  /** Milliseconds since the check began. */
  atMs: number;
}

const RAW_TEXT_LIMIT = 64 * 1024;

export class FrameLog {
  readonly frames: Frame[] = [];
  comments = 0;
  retry?: number;
  private readonly waiters = new Set<() => void>();
  private readonly began = performance.now();

  now(): number {
    return Math.round(performance.now() - this.began);
  }

  push(frame: Omit<Frame, 'atMs'>): void {
    this.frames.push({ ...frame, atMs: this.now() });
    this.notify();
  }

  notify(): void {
    for (const wake of this.waiters) wake();
  }

  /** Resolves true as soon as `done()` holds, false when `ms` pass or `signal` aborts first. */
  waitUntil(done: () => boolean, ms: number, signal: AbortSignal): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const check = () => done() && finish(true);
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(done()), Math.max(0, ms));
      this.waiters.add(check);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export interface OpenStream {
  exchange: HttpExchange;
  /** True once the response headers arrived with a 2xx status. */
  open: boolean;
  close(): void;
}

/** Opens a stream; frames go to `log`. Never throws: failures are in `exchange.error`. */
export async function openStream(
  target: { url: string; headers: Record<string, string> },
  log: FrameLog,
  connection: number,
  signal: AbortSignal,
): Promise<OpenStream> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const headers = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache', ...target.headers };
  const exchange: HttpExchange = { request: { method: 'GET', url: target.url, headers }, timing: { startedAt: new Date().toISOString(), durationMs: 0 } };
  const began = performance.now();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    signal.removeEventListener('abort', onAbort);
    controller.abort(new Error('stream closed by the check'));
    exchange.timing.durationMs = Math.round(performance.now() - began);
  };
  try {
    const res = await request(target.url, { method: 'GET', headers, signal: controller.signal });
    const responseHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
    exchange.response = { status: res.statusCode, headers: responseHeaders, bodyText: '' };
    const isStream = /text\/event-stream/i.test(responseHeaders['content-type'] ?? '');
    if (res.statusCode >= 300 || !isStream) {
      const text = await res.body.text().catch(() => '');
      exchange.response.bodyText = text;
      exchange.response.body = text;
      close();
      return { exchange, open: false, close };
    }
    const parser = createParser({
      onEvent: (m) => log.push({ connection, id: m.id, event: m.event ?? 'message', data: m.data }),
      onComment: () => {
        log.comments += 1;
        log.notify();
      },
      onRetry: (ms) => (log.retry = ms),
    });
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of res.body) {
          const text = decoder.decode(chunk as Buffer, { stream: true });
          if (exchange.response!.bodyText!.length < RAW_TEXT_LIMIT) exchange.response!.bodyText += text;
          parser.feed(text);
        }
      } catch {
        // Closing the stream aborts the read; that is the normal end.
      }
    })();
    return { exchange, open: true, close };
  } catch (error) {
    exchange.error = describeNetworkError(error, target.url, signal);
    close();
    return { exchange, open: false, close };
  }
}
