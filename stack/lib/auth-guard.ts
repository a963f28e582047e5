/**
 * Route guards. `requireAuth` accepts only a valid access token in `Authorization: Bearer`;
 * `requireRole` refuses callers whose team role is not allowed (403). Every 401 carries
 * `WWW-Authenticate` (RFC 6750) and one message, so a probe learns nothing from the wording.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { decodeJwt } from 'jose';
import type { StackConfig } from '../config.js';
import { verifyAccessToken, type TokenFailure } from '../auth/tokens.js';
import type { AppEnv, AuthUser, Role } from './context.js';
import { ProblemError } from './problem.js';

export function unauthorized(detail: string, error = 'invalid_token'): ProblemError {
  return new ProblemError(401, {
    detail,
    headers: { 'WWW-Authenticate': `Bearer realm="reos", error="${error}"` },
  });
}

const BEARER = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i;

/** The bearer token of a request, or undefined when there is none of the right shape. */
export function bearerToken(c: Context<AppEnv>): string | undefined {
  return c.req.header('Authorization')?.match(BEARER)?.[1];
}

const verified = new WeakMap<Request, Promise<AuthUser | TokenFailure | undefined>>();

/**
 * Tokens already verified, until they expire: an HMAC check through WebCrypto costs more than
 * the rest of a cached read, and a valid token stays valid until `exp` (access tokens are not
 * revoked server-side; see ARCHITECTURE.md). Bounded; the oldest entry goes first.
 */
const VERIFIED_TOKENS_MAX = 10_000;
// One cache per JWT configuration (secret, issuer, audience): a token one stack accepted means
// nothing to a stack with another secret, even in the same process.
const verifiedTokens = new WeakMap<StackConfig['jwt'], Map<string, { user: AuthUser; expiresAt: number }>>();

async function verifyWithCache(jwt: StackConfig['jwt'], token: string): Promise<AuthUser | TokenFailure> {
  let cache = verifiedTokens.get(jwt);
  if (!cache) verifiedTokens.set(jwt, (cache = new Map()));
  const hit = cache.get(token);
  if (hit && hit.expiresAt > Date.now()) return hit.user;
  if (hit) cache.delete(token);
  const result = await verifyAccessToken(jwt, token);
  if (typeof result === 'object') {
    const { exp } = decodeJwt(token);
    if (cache.size >= VERIFIED_TOKENS_MAX) cache.delete(cache.keys().next().value!);
    cache.set(token, { user: result, expiresAt: (exp ?? 0) * 1000 });
  }
  return result;
}

/**
 * Verifies the request's access token once per request: the rate limiter, the idempotency
 * middleware and `requireAuth` all ask, and a JWT verification is not free on a hot path.
 * Undefined when no bearer token was sent.
 */
export function authenticate(c: Context<AppEnv>): Promise<AuthUser | TokenFailure | undefined> {
  let result = verified.get(c.req.raw);
  if (!result) {
    const token = bearerToken(c);
    result = token ? verifyWithCache(c.get('config').jwt, token) : Promise.resolve(undefined);
    verified.set(c.req.raw, result);
  }
  return result;
}

export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuthMiddleware(c, next) {
    const result = await authenticate(c);
    if (result === undefined) {
      throw new ProblemError(401, {
        detail: 'This endpoint needs an access token: send `Authorization: Bearer <access_token>` from POST /auth/login.',
        headers: { 'WWW-Authenticate': 'Bearer realm="reos"' },
      });
    }
    if (result === 'expired') throw unauthorized('The access token has expired; get a new one from POST /auth/refresh.');
    if (result === 'invalid') throw unauthorized('The access token is not valid.');
    c.set('user', result);
    await next();
  };
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    const user = c.get('user');
    if (!roles.includes(user.role)) {
      throw new ProblemError(403, { detail: `This action needs one of the roles: ${roles.join(', ')}; you are ${user.role}.` });
    }
    await next();
  };
}

/** Viewers read; agents and admins write. Applied to every mutating business route. */
export const requireWriter = () => requireRole('admin', 'agent');
