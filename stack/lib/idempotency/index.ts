/**
 * `Idempotency-Key` on POST (IETF httpapi draft; Stripe's documented behaviour). With the
 * header, the first request claims the key and runs; its response is stored and every later
 * request with the same key, caller and payload gets it back byte for byte with
 * `Idempotent-Replayed: true`. Another payload is 422, a duplicate while the first runs is 409,
 * a malformed key 400. Without the header nothing changes.
 *
 * Mounted once at the app level, before the domain routers, it covers every business POST of
 * today and of later domains; `/auth` (tokens must never replay) and `/sse` are excluded. It
 * needs the caller (keys are scoped to team + user), but `requireAuth` lives inside each domain
 * router, after this middleware; so it verifies the bearer itself with `verifyAccessToken`.
 * A request without a valid token passes through untouched and `requireAuth` answers 401.
 *
 * What is stored: whatever the endpoint answered, errors included. What is not: requests
 * rejected before the endpoint ran (401, 403, 413, 415, 429, body validation 422, malformed
 * JSON 400) and executions that threw (500, 503); their claim is released so a retry runs.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { authenticate } from '../auth-guard.js';
import type { AppEnv, AuthUser } from '../context.js';
import { ProblemError } from '../problem.js';
import { VALIDATION_PROBLEM_TYPE } from '../validation.js';
import { fingerprintBody, requestFingerprint } from './fingerprint.js';
import { IDEMPOTENCY_HEADER, parseIdempotencyKey } from './key.js';
import { captureResponse, replayResponse } from './response.js';
import { claimKey, completeKey, releaseKey, type ClaimRequest } from './store.js';

export { startIdempotencyPurge } from './purge.js';
export { purgeExpiredKeys } from './store.js';
export { IDEMPOTENCY_HEADER } from './key.js';
export { REPLAYED_HEADER } from './response.js';

/** Statuses that mean "refused before the endpoint ran", however they were produced. */
const NOT_EXECUTED = new Set([401, 403, 405, 406, 412, 413, 415, 428, 429]);

export interface IdempotencyOptions {
  /** Methods the header is honoured on (default POST). */
  methods?: string[];
  /** Path prefixes left alone (default `/auth`, `/sse`). */
  exclude?: string[];
}

async function callerOf(c: Context<AppEnv>): Promise<AuthUser | undefined> {
  const known = c.get('user') as AuthUser | undefined;
  if (known) return known;
  const result = await authenticate(c);
  return typeof result === 'object' ? result : undefined;
}

function endpointRan(c: Context<AppEnv>): boolean {
  if (NOT_EXECUTED.has(c.res.status)) return false;
  const error = c.error;
  if (!error) return true;
  // A ProblemError from the handler is an answer (404 of a referenced row, 409 of a business rule);
  // validation problems, unparseable JSON and unexpected failures are not.
  return error instanceof ProblemError && error.init.type !== VALIDATION_PROBLEM_TYPE;
}

function problemFor(outcome: 'in-flight' | 'mismatch'): ProblemError {
  if (outcome === 'in-flight') {
    return new ProblemError(409, {
      type: 'https://reos.dev/problems/idempotency-key-in-use',
      title: 'A request with this Idempotency-Key is in progress',
      detail: 'The first request with this Idempotency-Key has not finished yet; retry shortly to get its response.',
      headers: { 'Retry-After': '1' },
    });
  }
  return new ProblemError(422, {
    type: 'https://reos.dev/problems/idempotency-key-reused',
    title: 'Idempotency-Key reused for another request',
    detail: 'This Idempotency-Key was first used with another method, path or body; use a new key for a new request.',
  });
}

/**
 * @example
 * app.use(idempotency({ exclude: ['/auth', '/sse'] }));
 * // POST /properties with `Idempotency-Key: 7d1c...` twice: one row, two identical bodies
 */
export function idempotency(options: IdempotencyOptions = {}): MiddlewareHandler<AppEnv> {
  const methods = new Set((options.methods ?? ['POST']).map((m) => m.toUpperCase()));
  const exclude = options.exclude ?? ['/auth', '/sse'];
  const excluded = (path: string) => exclude.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

  return async function idempotencyMiddleware(c, next) {
    const header = c.req.header(IDEMPOTENCY_HEADER);
    if (header === undefined || !methods.has(c.req.method) || excluded(c.req.path)) return next();
    const caller = await callerOf(c);
    if (!caller) return next();
    const key = parseIdempotencyKey(header);
    const url = new URL(c.req.url);
    const db = c.get('db');
    const request: ClaimRequest = {
      teamId: caller.teamId,
      userId: caller.id,
      key,
      fingerprint: requestFingerprint(c.req.method, url.pathname + url.search, await fingerprintBody(c.req.raw, () => c.req.text())),
      method: c.req.method,
      path: c.req.path,
      ttlSeconds: c.get('config').idempotencyTtlSeconds,
    };
    const claim = await claimKey(db, request);
    if (claim.outcome === 'completed') return replayResponse(claim.response);
    if (claim.outcome !== 'claimed') throw problemFor(claim.outcome);

    const log = (what: string) => (error: unknown) => c.get('logger').error({ request_id: c.get('requestId'), err: error }, what);
    try {
      await next();
    } catch (error) {
      await releaseKey(db, claim.id).catch(log('idempotency key not released'));
      throw error;
    }
    if (endpointRan(c)) await completeKey(db, claim.id, await captureResponse(c.res)).catch(log('idempotent response not stored'));
    else await releaseKey(db, claim.id).catch(log('idempotency key not released'));
  };
}
