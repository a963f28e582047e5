/**
 * Fetches an object's bytes over HTTP (usually the API's own download route, with the caller's
 * auth), polling until the expected status or `within` ms pass, since an object may not exist
 * yet (a memo job still running). Records every try's status and the final exchange; binary
 * bodies are recorded as a summary (size, type, SHA-256), never as bytes.
 */
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from '../support/undici-request.js';
import type { CheckContext, HttpExchange } from '../../model.js';
import { buildRequest, describeNetworkError, type RequestSpec } from '../support/http-client.js';
import { statusMatches, type StatusSpec } from '../support/status.js';

export interface FetchedObject {
  exchange: HttpExchange;
  bytes?: Uint8Array;
  /** Statuses of every try, in order. */
  tries: (number | string)[];
}

const MAX_RECORDED_TEXT = 64 * 1024;

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function recordable(bytes: Uint8Array, contentType: string | undefined): { body: unknown; bodyText: string } {
  if (/json|^text\/|xml/i.test(contentType ?? '')) {
    const text = Buffer.from(bytes.subarray(0, MAX_RECORDED_TEXT)).toString('utf8');
    try {
      return { body: JSON.parse(text), bodyText: text };
    } catch {
      return { body: text, bodyText: text };
    }
  }
  const summary = `[${bytes.byteLength} bytes of ${contentType ?? 'unknown type'}, sha256 ${sha256Hex(bytes)}]`;
  return { body: summary, bodyText: summary };
}

async function fetchOnce(spec: RequestSpec, ctx: Pick<CheckContext, 'baseUrls' | 'signal'>): Promise<{ exchange: HttpExchange; bytes?: Uint8Array }> {
  const startedAt = new Date().toISOString();
  const { method, url, headers } = buildRequest(spec, ctx.baseUrls);
  const exchange: HttpExchange = { request: { method, url, headers }, timing: { startedAt, durationMs: 0 } };
  const began = performance.now();
  try {
    const res = await request(url, { method: method as never, headers, signal: ctx.signal });
    const bytes = new Uint8Array(await res.body.arrayBuffer());
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    exchange.response = { status: res.statusCode, headers: responseHeaders, ...recordable(bytes, responseHeaders['content-type']) };
    exchange.timing.durationMs = Math.round((performance.now() - began) * 100) / 100;
    return { exchange, bytes };
  } catch (error) {
    exchange.timing.durationMs = Math.round((performance.now() - began) * 100) / 100;
    exchange.error = describeNetworkError(error, url, ctx.signal);
    return { exchange };
  }
}

export async function fetchObject(
  spec: RequestSpec,
  ctx: Pick<CheckContext, 'baseUrls' | 'signal'>,
  options: { status: StatusSpec; withinMs: number; intervalMs: number },
): Promise<FetchedObject> {
  const deadline = performance.now() + options.withinMs;
  const tries: (number | string)[] = [];
  for (;;) {
    const got = await fetchOnce(spec, ctx);
    tries.push(got.exchange.response?.status ?? 'error');
    const arrived = got.exchange.response !== undefined && statusMatches(got.exchange.response.status, options.status);
    if (arrived || performance.now() + options.intervalMs > deadline || ctx.signal.aborted) return { ...got, tries };
    await sleep(options.intervalMs, undefined, { signal: ctx.signal }).catch(() => undefined);
  }
}
