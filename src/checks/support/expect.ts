/**
 * Assertions on one recorded response (status, headers, JSONPath, JSON Schema, body text,
 * response time) and captures from it (JSONPath, header, regex). Shared by the http, burst,
 * idempotency and sse kinds so the YAML reads the same everywhere.
 */
import type { AssertionResult, HttpExchange, SourceLocation } from '../../model.js';
import { headerOf } from './http-client.js';
import { JsonPathError, selectJsonPath } from './jsonpath.js';
import { matchValue, type Matcher } from './matchers.js';
import { describeStatus, statusMatches, type StatusSpec } from './status.js';
import { validateAgainst } from './json-schema.js';

export interface ResponseExpect {
  status?: StatusSpec;
  headers?: Record<string, Matcher>;
  jsonpath?: Record<string, Matcher>;
  /** A JSON Schema the body must satisfy. */
  schema?: Record<string, unknown>;
  /** A matcher on the raw body text. */
  body?: Matcher;
  /** Response time ceiling in milliseconds. */
  maxMs?: number;
}

export interface CaptureSpec {
  jsonpath?: string;
  header?: string;
  /** Applied to the header value when `header` is given, else to the body text. */
  regex?: string;
  /** Capture group to keep (default 1 when the pattern has a group, else the whole match). */
  group?: number | string;
}

type Locate = (path: readonly (string | number)[]) => SourceLocation;

function assertStatus(status: number | undefined, spec: StatusSpec | undefined, at: Locate, base: (string | number)[]): AssertionResult {
  if (spec === undefined) {
    const passed = status !== undefined && status < 500;
    return { label: 'status (implicit: not 5xx)', op: 'lt', expected: 500, actual: status, passed, ...(passed ? {} : { message: `the server answered ${status}` }), location: at(base) };
  }
  const passed = statusMatches(status, spec);
  return {
    label: 'status',
    op: Array.isArray(spec) ? 'in' : 'eq',
    expected: spec,
    actual: status,
    passed,
    ...(passed ? {} : { message: `expected status ${describeStatus(spec)}, got ${status}` }),
    location: at([...base, 'status']),
  };
}

function assertJsonPaths(body: unknown, paths: Record<string, Matcher>, at: Locate, base: (string | number)[]): AssertionResult[] {
  return Object.entries(paths).flatMap(([path, matcher]) => {
    let actual: unknown;
    try {
      actual = selectJsonPath(body, path);
    } catch (error) {
      if (!(error instanceof JsonPathError)) throw error;
      return [{ label: path, op: 'jsonpath', expected: matcher, actual: undefined, passed: false, message: error.message, location: at([...base, 'jsonpath', path]) }];
    }
    return matchValue({ label: path, actual, locate: at }, matcher, [...base, 'jsonpath', path]);
  });
}

function assertSchema(body: unknown, schema: Record<string, unknown>, at: Locate, base: (string | number)[]): AssertionResult {
  const { valid, errors } = validateAgainst(schema, body);
  return { label: 'body matches JSON Schema', op: 'schema', expected: 'valid', actual: valid ? 'valid' : errors, passed: valid, ...(valid ? {} : { message: errors.join('; ') }), location: at([...base, 'schema']) };
}

/**
 * Every assertion `expect` makes on `exchange`. `base` is where `expect` sits in the step,
 * e.g. `['expect']`. `schema` is passed uninterpolated, so each schema compiles once.
 */
export function assertResponse(exchange: HttpExchange, expect: ResponseExpect | undefined, at: Locate, base: (string | number)[]): AssertionResult[] {
  const response = exchange.response;
  const results: AssertionResult[] = [assertStatus(response?.status, expect?.status, at, base)];
  if (!expect) return results;
  for (const [name, matcher] of Object.entries(expect.headers ?? {})) {
    results.push(...matchValue({ label: `header ${name}`, actual: headerOf(exchange, name), locate: at, stringly: true }, matcher, [...base, 'headers', name]));
  }
  if (expect.jsonpath) results.push(...assertJsonPaths(response?.body, expect.jsonpath, at, base));
  if (expect.schema) results.push(assertSchema(response?.body, expect.schema, at, base));
  if (expect.body !== undefined) results.push(...matchValue({ label: 'body', actual: response?.bodyText, locate: at }, expect.body, [...base, 'body']));
  if (expect.maxMs !== undefined) {
    const took = exchange.timing.durationMs;
    const passed = took <= expect.maxMs;
    results.push({ label: 'response time (ms)', op: 'lte', expected: expect.maxMs, actual: took, passed, ...(passed ? {} : { message: `took ${took} ms, over ${expect.maxMs} ms` }), location: at([...base, 'maxMs']) });
  }
  return results;
}

function captureOne(exchange: HttpExchange, spec: CaptureSpec): { found: boolean; value?: unknown; problem?: string } {
  let source: unknown;
  if (spec.jsonpath !== undefined) {
    try {
      const result = selectJsonPath(exchange.response?.body, spec.jsonpath);
      source = Array.isArray(result) && result.length === 0 ? undefined : result;
    } catch (error) {
      return { found: false, problem: (error as Error).message };
    }
    if (source === undefined) return { found: false, problem: `nothing at ${spec.jsonpath}` };
  } else if (spec.header !== undefined) {
    source = headerOf(exchange, spec.header);
    if (source === undefined) return { found: false, problem: `no ${spec.header} header` };
  } else {
    source = exchange.response?.bodyText ?? '';
  }
  if (spec.regex === undefined) return { found: true, value: source };
  const match = new RegExp(spec.regex).exec(typeof source === 'string' ? source : JSON.stringify(source));
  if (!match) return { found: false, problem: `/${spec.regex}/ did not match` };
  const group = spec.group ?? (match.length > 1 ? 1 : 0);
  const value = typeof group === 'number' ? match[group] : match.groups?.[group];
  return value === undefined ? { found: false, problem: `/${spec.regex}/ has no group ${group}` } : { found: true, value };
}

/** Extracts each capture; a missing one is a failed assertion (the step cannot feed later steps). */
export function captureFrom(
  exchange: HttpExchange,
  specs: Record<string, CaptureSpec> | undefined,
  at: Locate,
  base: (string | number)[],
): { captures: Record<string, unknown>; assertions: AssertionResult[] } {
  const captures: Record<string, unknown> = {};
  const assertions: AssertionResult[] = [];
  for (const [name, spec] of Object.entries(specs ?? {})) {
    const { found, value, problem } = captureOne(exchange, spec);
    if (found) captures[name] = value;
    else assertions.push({ label: `capture ${name}`, op: 'capture', expected: spec, actual: undefined, passed: false, message: `could not capture ${name}: ${problem}`, location: at([...base, name]) });
  }
  return { captures, assertions };
}

/** The captures every response-producing step exposes without declaring them. */
export function implicitCaptures(exchange: HttpExchange): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (exchange.response) out.status = exchange.response.status;
  const requestId = headerOf(exchange, 'x-request-id');
  if (requestId !== undefined) out.request_id = requestId;
  return out;
}

export const IMPLICIT_CAPTURES = ['status', 'request_id'];
