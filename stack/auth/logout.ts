/**
 * POST /auth/logout: ends sessions by revoking refresh tokens. With a `refresh_token` only that
 * session (its rotation chain) ends, and only if it is the caller's; with `all: true` or no
 * token, every session of the caller ends. Access tokens already issued live until they expire.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody } from '../lib/openapi.js';
import { LogoutBody } from './schema.js';
import { revokeSessionOf, revokeUserSessions } from './sessions.js';

/**
 * The body is optional: a JSON Content-Type with nothing after it means "no options", not bad
 * JSON. Hono parses JSON from its cached text, so an empty text is replaced by `{}` there.
 */
const emptyJsonMeansNoOptions: MiddlewareHandler<AppEnv> = async function emptyJsonMeansNoOptions(c, next) {
  if ((await c.req.text()).trim() === '') (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve('{}');
  await next();
};

const route = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'Log out: revoke one session’s refresh tokens, or all of yours',
  description: 'With `refresh_token`, that session’s rotation chain ends (only if it is yours); with `all: true` or no body, every session of yours ends. Access tokens already issued live until they expire.',
  security: bearerAuth,
  middleware: [requireAuth(), emptyJsonMeansNoOptions],
  request: { body: { ...jsonBody(LogoutBody, 'Optional; without it every session of yours ends'), required: false } },
  responses: { 204: { description: 'The sessions are revoked' }, ...errors(400, 401, 415, 422) },
});

export function mountLogout(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { refresh_token: refreshToken, all } = c.req.valid('json');
    const db = c.get('db');
    const userId = c.get('user').id;
    // Someone else's or an unknown token changes nothing and answers alike, so logout reveals no token's owner.
    if (refreshToken && !all) await revokeSessionOf(db, userId, refreshToken);
    else await revokeUserSessions(db, userId);
    return c.body(null, 204);
  });
}
