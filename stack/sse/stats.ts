/**
 * GET /sse/stats: this API process's streaming figures, to watch fan-out and to prove that a
 * client leaving frees its stream (connections goes back down).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { SseStatsSchema } from './schema.js';
import type { StreamCounters } from './team-stream.js';

const route = createRoute({
  method: 'get',
  path: '/stats',
  tags: ['sse'],
  summary: 'Streaming figures of this API process',
  description: 'Open streams and events dispatched by this API process: watch fan-out, and see a client leaving free its stream.',
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  responses: { 200: jsonResponse(SseStatsSchema, 'Open streams and event counts since start'), ...errors(401) },
});

export function registerStats(app: OpenAPIHono<AppEnv>, counters: StreamCounters): void {
  app.openapi(route, (c) => {
    c.header('Cache-Control', 'no-store');
    const bus = c.get('events').stats();
    return c.json(
      { connections: counters.connections, events_published: bus.published, events_delivered: counters.delivered, subscribers: bus.subscribers },
      200,
    );
  });
}
