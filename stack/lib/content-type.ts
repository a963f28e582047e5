/**
 * Refuses a request body that is not JSON with 415 (RFC 9110 section 15.5.16) before any
 * validation runs, so a client sending form data or text learns what to send instead of
 * getting a confusing list of missing fields. Routes that take other media types (uploads,
 * provider webhooks) are listed in `except` by path prefix.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { ProblemError } from './problem.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  return request.headers.has('transfer-encoding') || request.body !== null;
}

/** A path prefix, or a predicate on the method and path (for an exception narrower than a prefix). */
export type BodyException = string | ((method: string, path: string) => boolean);

export function requireJsonBody(options: { except?: BodyException[] } = {}): MiddlewareHandler<AppEnv> {
  const except = options.except ?? [];
  const excepted = (method: string, path: string) => except.some((e) => (typeof e === 'string' ? path.startsWith(e) : e(method, path)));
  return async function requireJsonBodyMiddleware(c, next) {
    if (BODY_METHODS.has(c.req.method) && hasBody(c.req.raw) && !excepted(c.req.method, c.req.path)) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type)) {
        throw new ProblemError(415, {
          detail: `Send the body as JSON with \`Content-Type: application/json\`${type ? `, not ${type.split(';')[0]}` : ''}.`,
          headers: { 'Accept-Post': 'application/json', 'Accept-Patch': 'application/json' },
        });
      }
    }
    await next();
  };
}
