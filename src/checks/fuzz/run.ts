/**
 * The fuzz engine: for every selected operation, N valid and N malformed requests (or the
 * listed replays), sent at a concurrency, each judged as it comes back. Resources the valid
 * creations return feed later path parameters, so reads, updates and deletions meet rows that
 * exist. Every failure is kept; passing exchanges only as a sample (the first of each
 * operation, class and status), so a pack stays small however many requests ran.
 */
import crypto from 'node:crypto';
import type { HttpExchange } from '../../model.js';
import { parseBody, describeNetworkError, resolveUrl } from '../support/http-client.js';
import { request } from '../support/undici-request.js';
import { ResponseValidator } from '../openapi/document.js';
import { FUZZ_CLASSES, generateRequest, type FuzzClass, type GeneratedRequest } from './generate.js';
import { FAILURE_CLASSES, judgeExchange, type Failure, type FailureClass, type JudgeOptions } from './judge.js';
import { normalizeKey, selectOperations, type FuzzOperation } from './operations.js';
import { RequestSchemas } from './request-schemas.js';

export interface Replay {
  operation: string;
  class: FuzzClass;
  seed: number;
  /** Path parameter values to pin (ids the original run took from resources it had created). */
  params?: Record<string, string>;
}

export interface FuzzOptions extends JudgeOptions {
  baseUrls: string[];
  /** Requests per operation and class. */
  requests: number;
  seed: number;
  concurrency: number;
  classes?: FuzzClass[];
  exclude?: string[];
  only?: string[];
  replay?: Replay[];
  /** A bearer token to use instead of registering a fuzz user. */
  bearer?: string;
  signal: AbortSignal;
}

/** One recorded request: what was generated, and what the judge found. */
export interface FuzzRecord {
  /** Index into the recorded exchanges. */
  exchange: number;
  operation: string;
  class: FuzzClass;
  seed: number;
  auth: GeneratedRequest['auth'];
  mutation?: string;
  violates?: string;
  params: Record<string, string>;
  failures: Failure[];
  /** The response body was cut for the pack (its schema cannot be re-checked offline). */
  truncated?: true;
}

export interface FuzzReport {
  seed: number;
  session: string;
  total: number;
  byClass: Record<string, number>;
  byStatus: Record<string, number>;
  failures: Record<FailureClass, number>;
  failedRequests: number;
  /** 429 answers: requests a rate limit stopped before any handler. */
  throttled: number;
  operations: Array<{ operation: string; requests: number; failed: number; statuses: Record<string, number>; totalMs: number }>;
  excluded: Array<{ operation: string; why: string }>;
  records: FuzzRecord[];
  exchanges: HttpExchange[];
  elapsedMs: number;
}

const MAX_RECORDED_BODY = 2048;
const MAX_RECORDED_RESPONSE = 16 * 1024;

/** The seed of one request: a 31-bit hash of the run's seed and the request's place. */
export function requestSeed(seed: number, operation: string, fuzzClass: FuzzClass, index: number): number {
  return crypto.createHash('sha256').update(`${seed}:${operation}:${fuzzClass}:${index}`).digest().readUInt32BE(0) & 0x7fffffff;
}

/** A run seed from any text (the run id by default). */
export function seedFrom(text: string): number {
  return crypto.createHash('sha256').update(text).digest().readUInt32BE(0) & 0x7fffffff;
}

/** What a pack keeps of a generated secret (a password member): the seed regenerates it. */
export const UNRECORDED_SECRET = '[generated: regenerate it from the seed]';
const SECRET_QUERY = /([?&])([A-Za-z_]*(?:password|token|secret|key)[A-Za-z_]*)=[^&#]*/gi;
const SECRET_MEMBER = /"([A-Za-z_]*(?:password|token|secret)[A-Za-z_]*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/**
 * The request body as the pack keeps it: members under secret names (passwords, tokens) are
 * replaced, since a generated value there would be taken for a secret and then found, as a
 * "leak", wherever the same hostile string appears in another member; then cut to size.
 */
function recordedBody(body: GeneratedRequest['body']): string | undefined {
  if (body === undefined) return undefined;
  const raw = typeof body === 'string' ? body : body.toString('latin1');
  const text = raw.replace(SECRET_MEMBER, (_, name: string, colon: string) => `"${name}"${colon}${JSON.stringify(UNRECORDED_SECRET)}`);
  return text.length > MAX_RECORDED_BODY ? `${text.slice(0, MAX_RECORDED_BODY)}... [${text.length - MAX_RECORDED_BODY} more characters not recorded]` : text;
}

async function send(generated: GeneratedRequest, options: FuzzOptions): Promise<{ exchange: HttpExchange; truncated: boolean }> {
  const url = resolveUrl(generated.url, options.baseUrls);
  const headers = { 'User-Agent': 'reos-fuzz', ...generated.headers };
  const exchange: HttpExchange = {
    request: { method: generated.method, url: url.replace(SECRET_QUERY, (_, lead: string, name: string) => `${lead}${name}=${encodeURIComponent(UNRECORDED_SECRET)}`), headers, ...(generated.body !== undefined ? { body: recordedBody(generated.body) } : {}) },
    timing: { startedAt: new Date().toISOString(), durationMs: 0 },
  };
  const began = performance.now();
  let truncated = false;
  try {
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(Math.max(options.timeBoundMs * 5, 10_000))]);
    const res = await request(url, { method: generated.method as never, headers, body: generated.body, signal });
    const text = await res.body.text();
    exchange.timing.durationMs = Math.round((performance.now() - began) * 100) / 100;
    const responseHeaders = Object.fromEntries(Object.entries(res.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]])));
    truncated = text.length > MAX_RECORDED_RESPONSE;
    exchange.response = { status: res.statusCode, headers: responseHeaders, body: parseBody(text, responseHeaders['content-type']), bodyText: text };
  } catch (error) {
    exchange.timing.durationMs = Math.round((performance.now() - began) * 100) / 100;
    exchange.error = describeNetworkError(error, url, options.signal);
  }
  return { exchange, truncated };
}

/** The pack's copy of an exchange: bodies cut to a size a reader can open. */
function forPack(exchange: HttpExchange, truncated: boolean): HttpExchange {
  if (!truncated || !exchange.response) return exchange;
  const text = exchange.response.bodyText ?? '';
  const cut = `${text.slice(0, MAX_RECORDED_RESPONSE)}... [${text.length - MAX_RECORDED_RESPONSE} more characters not recorded]`;
  return { ...exchange, response: { ...exchange.response, body: cut, bodyText: cut } };
}

/** Registers a user of its own (a fresh team) and returns its access token. */
async function openSession(options: FuzzOptions): Promise<{ bearer?: string; session: string }> {
  if (options.bearer) return { bearer: options.bearer, session: 'the bearer token the step was given' };
  const email = `reos-fuzz-${options.seed}-${crypto.randomBytes(4).toString('hex')}@example.com`;
  const password = `Fz-${crypto.randomBytes(12).toString('base64url')}`;
  const post = async (path: string, body: object) => {
    const res = await request(resolveUrl(path, options.baseUrls), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'reos-fuzz' },
      body: JSON.stringify(body),
      signal: options.signal,
    });
    return { status: res.statusCode, body: parseBody(await res.body.text(), String(res.headers['content-type'] ?? '')) as { access_token?: unknown } | undefined };
  };
  try {
    const registered = await post('/auth/register', { email, password, name: 'reos fuzz' });
    if (registered.status >= 300) return { session: `anonymous: POST /auth/register answered ${registered.status}` };
    const login = typeof registered.body?.access_token === 'string' ? registered : await post('/auth/login', { email, password });
    if (typeof login.body?.access_token === 'string') return { bearer: login.body.access_token, session: `a user it registered (${email})` };
    return { session: `anonymous: POST /auth/login answered ${login.status}` };
  } catch (error) {
    return { session: `anonymous: signing up failed (${(error as Error).message})` };
  }
}

interface Job {
  op: FuzzOperation;
  fuzzClass: FuzzClass;
  seed: number;
  params?: Record<string, string>;
}

function plannedJobs(operations: FuzzOperation[], options: FuzzOptions): Job[] {
  if (options.replay?.length) {
    const byKey = new Map(operations.map((op) => [op.key, op]));
    return options.replay.flatMap((r) => {
      const op = byKey.get(normalizeKey(r.operation));
      return op ? [{ op, fuzzClass: r.class, seed: r.seed, ...(r.params ? { params: r.params } : {}) }] : [];
    });
  }
  const classes = options.classes ?? [...FUZZ_CLASSES];
  return operations.flatMap((op) => classes.flatMap((fuzzClass) => Array.from({ length: options.requests }, (_, i) => ({ op, fuzzClass, seed: requestSeed(options.seed, op.key, fuzzClass, i) }))));
}

export async function runFuzz(doc: Record<string, unknown>, options: FuzzOptions): Promise<FuzzReport> {
  const began = performance.now();
  const { operations, excluded } = selectOperations(doc, { exclude: options.exclude, only: options.only ?? options.replay?.map((r) => r.operation) });
  const { bearer, session } = await openSession(options);
  const validator = new ResponseValidator(doc);
  const schemas = new RequestSchemas(doc);
  const created = new Map<string, Array<Record<string, unknown>>>();
  const jobs = plannedJobs(operations, options);
  const report: FuzzReport = { seed: options.seed, session, total: 0, byClass: {}, byStatus: {}, failures: Object.fromEntries(FAILURE_CLASSES.map((c) => [c, 0])) as Record<FailureClass, number>, failedRequests: 0, throttled: 0, operations: [], excluded, records: [], exchanges: [], elapsedMs: 0 };
  const perOperation = new Map(operations.map((op) => [op.key, { operation: op.key, requests: 0, failed: 0, statuses: {} as Record<string, number>, totalMs: 0 }]));
  const sampled = new Set<string>();
  let next = 0;

  const worker = async () => {
    while (next < jobs.length && !options.signal.aborted) {
      const job = jobs[next++];
      const generated = generateRequest(job.op, job.fuzzClass, job.seed, { doc, bearer, schemas, created: (c) => created.get(c) ?? [], ...(job.params ? { pinned: job.params } : {}) });
      const { exchange, truncated } = await send(generated, options);
      const failures = judgeExchange(exchange, job.op.operation, { violates: generated.violates, auth: generated.auth, secured: job.op.secured }, validator, options);
      const status = exchange.response ? String(exchange.response.status) : 'error';
      tally(report, perOperation.get(job.op.key)!, job.fuzzClass, status, failures, exchange.timing.durationMs);
      const body = exchange.response?.body;
      if (job.op.method === 'POST' && status.startsWith('2') && body && typeof body === 'object' && !Array.isArray(body)) {
        const list = created.get(job.op.path) ?? [];
        if (list.length < 50) created.set(job.op.path, [...list, body as Record<string, unknown>]);
      }
      const group = `${job.op.key} ${job.fuzzClass} ${status}`;
      if (failures.length || !sampled.has(group)) {
        sampled.add(group);
        report.records.push({ exchange: report.exchanges.length, operation: job.op.key, class: job.fuzzClass, seed: job.seed, auth: generated.auth, ...(generated.mutation ? { mutation: generated.mutation } : {}), ...(generated.violates ? { violates: generated.violates } : {}), params: generated.params, failures, ...(truncated ? { truncated: true as const } : {}) });
        report.exchanges.push(forPack(exchange, truncated));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, jobs.length)) }, worker));
  report.operations = [...perOperation.values()];
  report.elapsedMs = Math.round(performance.now() - began);
  return report;
}

function tally(report: FuzzReport, op: FuzzReport['operations'][number], fuzzClass: FuzzClass, status: string, failures: Failure[], ms: number): void {
  report.total += 1;
  op.totalMs = Math.round(op.totalMs + ms);
  report.byClass[fuzzClass] = (report.byClass[fuzzClass] ?? 0) + 1;
  report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
  if (status === '429') report.throttled += 1;
  op.requests += 1;
  op.statuses[status] = (op.statuses[status] ?? 0) + 1;
  if (failures.length) {
    report.failedRequests += 1;
    op.failed += 1;
    for (const c of new Set(failures.map((f) => f.class))) report.failures[c] += 1;
  }
}
