/**
 * POST /auth/refresh: rotates a refresh token (see sessions.ts). Every refusal answers the same
 * 401; the reason, and a reuse that revoked a whole family, go to the log for operators.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { unauthorized } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { RefreshBody, TokenPairSchema } from './schema.js';
import { NO_STORE, rotateSession } from './sessions.js';

const route = createRoute({
  method: 'post',
  path: '/refresh',
  tags: ['auth'],
  summary: 'Exchange a refresh token for a new token pair (the old refresh token stops working)',
  description: 'Refresh tokens rotate: presenting one that was already rotated is treated as theft and ends that whole session. Rate limited per client address.',
  request: { body: jsonBody(RefreshBody) },
  responses: { 200: jsonResponse(TokenPairSchema, 'The new tokens'), ...errors(400, 401, 415, 422) },
});

export function mountRefresh(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const outcome = await rotateSession(c.get('db'), c.get('config').jwt, c.req.valid('json').refresh_token);
    if (!outcome.ok) {
      const line = { request_id: c.get('requestId'), reason: outcome.reason, user_id: outcome.userId, family_id: outcome.familyId };
      if (outcome.reason === 'reused') c.get('logger').warn(line, 'refresh token reused: every token of its family is revoked');
      else c.get('logger').info(line, 'refresh token refused');
      throw unauthorized('The refresh token is not valid (unknown, expired, revoked or already used); log in again.');
    }
    return c.json(outcome.pair, 200, NO_STORE);
  });
}
