/**
 * What a fuzz answer must be, one failure class per broken rule: no 5xx; every 4xx/5xx an
 * RFC 9457 problem (application/problem+json, `status` equal to the HTTP status, a `title`,
 * no stack trace); no 2xx to a request that breaks the documented contract or carries no valid
 * credential on a secured operation; a status the operation documents, with a body matching
 * its documented schema; an answer within the time bound. Shared by `run` and `reevaluate`.
 */
import type { HttpExchange } from '../../model.js';
import { documentedResponse, mediaFor, type Operation, type ResponseValidator } from '../openapi/document.js';
import { describeSchemaErrors } from '../support/json-schema.js';

export const FAILURE_CLASSES = ['no-response', 'server-error', 'not-problem-json', 'accepted-malformed', 'accepted-unauthenticated', 'undocumented-status', 'schema-mismatch', 'slow'] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface Failure {
  class: FailureClass;
  message: string;
}

/** What the judge needs to know about the request besides the exchange. */
export interface RequestFacts {
  violates?: string;
  auth: 'user' | 'none' | 'bad';
  secured: boolean;
}

export interface JudgeOptions {
  timeBoundMs: number;
  /** Statuses any operation may answer without documenting them (429 by default: a throttled request). */
  allowUndocumented: number[];
}

const STACK_TRACE = /\n\s+at [^\n]+:\d+:\d+\)?/;

function problemFaults(status: number, contentType: string | undefined, body: unknown, text: string | undefined): string[] {
  const faults: string[] = [];
  if (!/^application\/problem\+json\b/i.test(contentType ?? '')) faults.push(`Content-Type is ${JSON.stringify(contentType ?? null)}, not application/problem+json`);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [...faults, 'the body is not a JSON object'];
  const problem = body as Record<string, unknown>;
  if (problem.status !== status) faults.push(`status member is ${JSON.stringify(problem.status)}, the HTTP status is ${status}`);
  if (typeof problem.title !== 'string' || problem.title === '') faults.push('no title');
  if (problem.type !== undefined && typeof problem.type !== 'string') faults.push('type is not a string');
  if (problem.detail !== undefined && typeof problem.detail !== 'string') faults.push('detail is not a string');
  if (text && STACK_TRACE.test(text)) faults.push('the body holds a stack trace');
  return faults;
}

/** Every rule `exchange` breaks (empty: the answer is acceptable). */
export function judgeExchange(exchange: HttpExchange, op: Operation, facts: RequestFacts, validator: ResponseValidator, options: JudgeOptions): Failure[] {
  const response = exchange.response;
  if (!response) return [{ class: 'no-response', message: exchange.error ?? 'no response' }];
  const failures: Failure[] = [];
  const { status } = response;
  const contentType = response.headers['content-type'];
  if (status >= 500) failures.push({ class: 'server-error', message: `answered ${status}` });
  if (status >= 400) {
    const faults = problemFaults(status, contentType, response.body, response.bodyText);
    if (faults.length) failures.push({ class: 'not-problem-json', message: `${status}: ${faults.join('; ')}` });
  }
  if (status >= 200 && status < 300) {
    if (facts.violates) failures.push({ class: 'accepted-malformed', message: `answered ${status} to a request that breaks the contract: ${facts.violates}` });
    else if (facts.secured && facts.auth !== 'user') failures.push({ class: 'accepted-unauthenticated', message: `answered ${status} without a valid credential (${facts.auth === 'none' ? 'none sent' : 'a bad one'})` });
  }
  const documented = documentedResponse(op, status);
  if (!documented) {
    if (!options.allowUndocumented.includes(status)) failures.push({ class: 'undocumented-status', message: `${status} is not a documented response of ${op.method.toUpperCase()} ${op.path}` });
  } else {
    const media = mediaFor(documented.response, contentType);
    const hasBody = response.bodyText !== undefined && response.bodyText !== '';
    if (hasBody && !media && documented.response.content) failures.push({ class: 'schema-mismatch', message: `${status} answered ${contentType ?? 'no Content-Type'}; documented: ${Object.keys(documented.response.content as object).join(', ')}` });
    if (hasBody && media && !media.startsWith('text/event-stream') && /json/i.test(media)) {
      const validate = validator.validator(op, documented.key, media);
      if (validate instanceof Error) failures.push({ class: 'schema-mismatch', message: `the documented ${status} schema does not compile: ${validate.message}` });
      else if (!validate(response.body)) failures.push({ class: 'schema-mismatch', message: `${status} body: ${describeSchemaErrors(validate.errors, 3).join('; ')}` });
    }
  }
  if (exchange.timing.durationMs > options.timeBoundMs) failures.push({ class: 'slow', message: `answered in ${Math.round(exchange.timing.durationMs)} ms, over the ${options.timeBoundMs} ms bound` });
  return failures;
}
