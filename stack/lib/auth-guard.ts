/**
 * Route guards. `requireAuth` accepts only a valid access token in `Authorization: Bearer`;
 * `requireRole` refuses callers whose team role is not allowed (403). Every 401 carries
 * `WWW-Authenticate` (RFC 6750) and one message, so a probe learns nothing from the wording.
 */
import type { MiddlewareHandler } from 'hono';
import { verifyAccessToken } from '../auth/tokens.js';
import type { AppEnv, Role } from './context.js';
import { ProblemError } from './problem.js';

export function unauthorized(detail: string, error = 'invalid_token'): ProblemError {
  return new ProblemError(401, {
    detail,
    headers: { 'WWW-Authenticate': `Bearer realm="reos", error="${error}"` },
  });
}

export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuthMiddleware(c, next) {
    const header = c.req.header('Authorization');
    const match = header?.match(/^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i);
    if (!match) {
      throw new ProblemError(401, {
        detail: 'This endpoint needs an access token: send `Authorization: Bearer <access_token>` from POST /auth/login.',
        headers: { 'WWW-Authenticate': 'Bearer realm="reos"' },
      });
    }
    const result = await verifyAccessToken(c.get('config').jwt, match[1]);
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
