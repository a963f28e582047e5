/**
 * RFC 9457 problem details: the one error shape of the API. Handlers throw `ProblemError`;
 * `onError` (see app.ts) turns it, and anything else, into `application/problem+json` with
 * `status` equal to the HTTP status and the request id. Titles are constant per type.
 *
 * @example
 * throw new ProblemError(404, { detail: `No property with id ${id}` });
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface FieldError {
  detail: string;
  /** JSON Pointer into the request body (RFC 6901). */
  pointer?: string;
  /** Name of the query, path or header parameter at fault. */
  parameter?: string;
}

export interface ProblemInit {
  detail?: string;
  /** A specific problem type URI; `about:blank` (the status alone) by default. */
  type?: string;
  /** Required with a specific type: constant for that type. */
  title?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extension members (RFC 9457 section 3.2). */
  extensions?: Record<string, unknown>;
}

export class ProblemError extends Error {
  readonly status: ContentfulStatusCode;
  readonly init: ProblemInit;

  constructor(status: number, init: ProblemInit = {}) {
    super(init.detail ?? TITLES[status] ?? 'Error');
    this.name = 'ProblemError';
    this.status = status as ContentfulStatusCode;
    this.init = init;
  }
}

export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** Builds the problem+json response for `status`; used by `onError`, `notFound` and middleware. */
export function problemResponse(c: Context, status: number, init: ProblemInit = {}): Response {
  const body: Record<string, unknown> = {
    type: init.type ?? 'about:blank',
    title: init.title ?? statusTitle(status),
    status,
    ...(init.detail ? { detail: init.detail } : {}),
    instance: c.req.path,
    request_id: c.get('requestId'),
    ...(init.errors ? { errors: init.errors } : {}),
    ...init.extensions,
  };
  const headers = new Headers(init.headers);
  headers.set('Content-Type', PROBLEM_CONTENT_TYPE);
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers });
}

/** Escapes one path segment for a JSON Pointer (RFC 6901: `~` -> `~0`, `/` -> `~1`). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((part) => '/' + String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
