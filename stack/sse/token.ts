/**
 * GET /sse/token: trades the caller's access token for a short-lived stream token, because an
 * EventSource cannot send an Authorization header and a long-lived JWT must never sit in a URL.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { StreamTokenSchema } from './schema.js';
import { signStreamToken } from './stream-token.js';

const route = createRoute({
  method: 'get',
  path: '/token',
  tags: ['sse'],
  summary: 'Get a stream token for /sse/stream',
  description:
    'The token is an HS256 JWT with `typ: "sse"` and audience `reos-sse`, valid for SSE_TOKEN_TTL_SECONDS (60 s by default). ' +
    'It only opens a stream: any other endpoint refuses it with 401. It is checked once, when the stream opens; the stream outlives it.',
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonResponse(StreamTokenSchema, 'A stream token and the URL to open with it'),
    ...errors(401),
  },
});

export function registerStreamToken(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = c.get('user');
    const ttl = c.get('config').sse.tokenTtlSeconds;
    const token = await signStreamToken(c.get('config').jwt, { userId: user.id, teamId: user.teamId }, ttl);
    const streamUrl = new URL(`/sse/stream?token=${encodeURIComponent(token)}`, c.req.url).toString();
    c.header('Cache-Control', 'no-store');
    return c.json({ token, token_type: 'sse' as const, expires_in: ttl, stream_url: streamUrl }, 200);
  });
}
