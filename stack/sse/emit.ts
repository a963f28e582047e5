/**
 * POST /sse/test/emit: publishes a test event to the caller's team, so an operator (or a
 * scenario, or the fan-out benchmark) can prove the stream end to end without touching data.
 * Admins only. The event is a real one: persisted, numbered, replayable.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, requireRole } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { EmitBody, EmittedEventSchema } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/test/emit',
  tags: ['sse'],
  summary: 'Publish a test event to your team (admin)',
  description: 'A real event: persisted, numbered and replayable, delivered to every open stream of your team on every replica.',
  security: bearerAuth,
  middleware: [requireAuth(), requireRole('admin')] as const,
  request: { body: jsonBody(EmitBody) },
  responses: {
    201: jsonResponse(EmittedEventSchema, 'The published event'),
    ...errors(400, 401, 403, 415, 422),
  },
});

export function registerEmit(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { type, data } = c.req.valid('json');
    const event = await c.get('events').publish(c.get('user').teamId, type, data);
    return c.json({ id: event.id, type: event.type, team_id: event.teamId, data: event.data, created_at: event.createdAt }, 201);
  });
}
