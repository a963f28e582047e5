/**
 * Sends one request as a scenario describes it (method, url, query, headers, bearer, one of
 * json / form / raw) with undici and records the exchange. Never throws: a network failure is
 * an exchange with `error` saying what happened in words an operator can act on.
 */
import { request } from './undici-request.js';
import { encodeMultipart, type MultipartSpec } from './multipart.js';
import type { CheckContext, HttpExchange } from '../../model.js';
import { signatureHeaders, type SignSpec } from './signing.js';

export interface RequestSpec {
  method?: string;
  url: string;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string | number | boolean>;
  /** Shorthand for `Authorization: Bearer <token>`. */
  bearer?: string;
  json?: unknown;
  form?: Record<string, string | number | boolean>;
  /** Body text sent as is, or `repeat` written `times` times (a large body without a large file). */
  raw?: string | RepeatedBody;
  /** multipart/form-data: text fields and files (from a path relative to the scenario file, or inline base64). */
  multipart?: MultipartSpec;
  /** Which of the run's base URLs to send to (index, wraps around); 0 by default. */
  replica?: number;
  /** Sign the request as a provider webhook would be (see signing.ts). */
  sign?: SignSpec;
}

export interface RepeatedBody {
  repeat: string;
  times: number;
}

export interface SendOptions {
  /** Folder that multipart file paths are relative to (the scenario file's); the working directory by default. */
  baseDir?: string;
  /** Extra headers that win over the spec's (e.g. Idempotency-Key, Last-Event-ID). */
  headers?: Record<string, string>;
  /** Read only the status and headers (probes of streaming endpoints). */
  headersOnly?: boolean;
}

const USER_AGENT = 'reos-verify';
/** Bodies are parsed whole but recorded up to this size, so a stray bundle does not bloat a pack. */
const MAX_RECORDED_TEXT = 1024 * 1024;

export function resolveUrl(url: string, baseUrls: readonly string[], replica = 0): string {
  if (/^https?:\/\//i.test(url)) return url;
  const base = baseUrls.length ? baseUrls[((replica % baseUrls.length) + baseUrls.length) % baseUrls.length] : '';
  return `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

function withQuery(url: string, query: RequestSpec['query']): string {
  if (!query || Object.keys(query).length === 0) return url;
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) target.searchParams.append(key, String(value));
  return target.toString();
}

function encodeBody(spec: RequestSpec, headers: Record<string, string>): { body?: string; recorded?: unknown } {
  const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
  if (spec.json !== undefined) {
    if (!has('content-type')) headers['Content-Type'] = 'application/json';
    return { body: JSON.stringify(spec.json), recorded: spec.json };
  }
  if (spec.form !== undefined) {
    if (!has('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams(Object.entries(spec.form).map(([k, v]): [string, string] => [k, String(v)]));
    return { body: form.toString(), recorded: spec.form };
  }
  if (typeof spec.raw === 'string') return { body: spec.raw, recorded: spec.raw };
  if (spec.raw !== undefined) {
    // Recorded as a description: a megabyte of padding says nothing a pack needs to keep.
    const body = spec.raw.repeat.repeat(spec.raw.times);
    return { body, recorded: `[${Buffer.byteLength(body)} bytes: ${JSON.stringify(spec.raw.repeat)} repeated ${spec.raw.times} times]` };
  }
  return {};
}

/** Parses a body as JSON when its content type says JSON (or it plainly is JSON), else keeps text. */
export function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  const looksJson = /[/+]json\b/i.test(contentType ?? '') || (!contentType && /^\s*[[{]/.test(text));
  if (!looksJson) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code;
}

/** A network failure in an operator's words: "connection refused to http://...". */
export function describeNetworkError(error: unknown, url: string, signal?: AbortSignal): string {
  if (signal?.aborted) {
    const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
    return `request to ${url} was cut short: ${reason}`;
  }
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused to ${url} (is the API running and listening there?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not resolve the host of ${url}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `the connection to ${url} was closed by the server before a full response (${message})`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connecting to ${url} timed out`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `${url} stopped answering (${message})`;
    default:
      return `request to ${url} failed: ${code ? `${code} ` : ''}${message}`;
  }
}

/** Builds the headers a spec asks for, plus the body encoding's content type. */
export function buildRequest(spec: RequestSpec, baseUrls: readonly string[], extra: Record<string, string> = {}) {
  const method = (spec.method ?? 'GET').toUpperCase();
  const url = withQuery(resolveUrl(spec.url, baseUrls, spec.replica), spec.query);
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT };
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k] = String(v);
  if (spec.bearer !== undefined) headers.Authorization = `Bearer ${spec.bearer}`;
  const { body, recorded } = encodeBody(spec, headers);
  if (spec.sign) {
    const form = spec.form && Object.fromEntries(Object.entries(spec.form).map(([k, v]) => [k, String(v)]));
    Object.assign(headers, signatureHeaders(spec.sign, { url, body, form }));
  }
  Object.assign(headers, extra);
  return { method, url, headers, body, recorded };
}

export async function sendRequest(spec: RequestSpec, ctx: Pick<CheckContext, 'baseUrls' | 'signal'>, options: SendOptions = {}): Promise<HttpExchange> {
  let prepared: ReturnType<typeof buildRequest>;
  const startedAt = new Date().toISOString();
  try {
    prepared = buildRequest(spec, ctx.baseUrls, options.headers);
  } catch (error) {
    const message = `cannot build a request for ${spec.url}: ${(error as Error).message}`;
    return { request: { method: spec.method ?? 'GET', url: spec.url, headers: {} }, error: message, timing: { startedAt, durationMs: 0 } };
  }
  const { method, url, headers } = prepared;
  let { body, recorded } = prepared as { body?: string | Uint8Array; recorded?: unknown };
  if (spec.multipart !== undefined) {
    try {
      const encoded = await encodeMultipart(spec.multipart, options.baseDir ?? process.cwd());
      body = encoded.body;
      recorded = encoded.recorded;
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = encoded.contentType;
    } catch (error) {
      return { request: { method, url, headers }, error: `cannot build the multipart body: ${(error as Error).message}`, timing: { startedAt, durationMs: 0 } };
    }
  }
  const exchange: HttpExchange = {
    request: { method, url, headers, ...(recorded !== undefined ? { body: recorded } : {}) },
    timing: { startedAt, durationMs: 0 },
  };
  const began = performance.now();
  try {
    const res = await request(url, { method: method as never, headers, body, signal: ctx.signal });
    const responseHeaders = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    let text = '';
    if (options.headersOnly || /text\/event-stream/i.test(responseHeaders['content-type'] ?? '')) res.body.destroy();
    else text = await res.body.text();
    exchange.timing.durationMs = Math.round((performance.now() - began) * 100) / 100;
    const parsed = parseBody(text, responseHeaders['content-type']);
    const recordedText = text.length > MAX_RECORDED_TEXT ? `${text.slice(0, MAX_RECORDED_TEXT)}... [${text.length - MAX_RECORDED_TEXT} more characters not recorded]` : text;
    exchange.response = { status: res.statusCode, headers: responseHeaders, body: typeof parsed === 'string' ? recordedText : parsed, bodyText: recordedText };
  } catch (error) {
    exchange.timing.durationMs = Math.round((performance.now() - began) * 100) / 100;
    exchange.error = describeNetworkError(error, url, ctx.signal);
  }
  return exchange;
}

/** A response header by name, case-insensitively (recorded headers are lower-case). */
export function headerOf(exchange: HttpExchange, name: string): string | undefined {
  return exchange.response?.headers[name.toLowerCase()];
}
