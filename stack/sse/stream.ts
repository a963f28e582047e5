/**
 * GET /sse/stream?token=...: the caller's team's domain events as server-sent events. The
 * token is checked once, at connect; the stream then lives until the client leaves or the
 * stack closes. Reconnecting with `Last-Event-ID` (or `?last_event_id=`) replays what was
 * missed, with no gap and no duplicate.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { unauthorized } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { errors } from '../lib/openapi.js';
import { StreamHeaders, StreamQuery } from './schema.js';
import { verifyStreamToken } from './stream-token.js';
import { streamTeamEvents, type StreamCounters } from './team-stream.js';

const route = createRoute({
  method: 'get',
  path: '/stream',
  tags: ['sse'],
  summary: 'Stream the team’s events (text/event-stream)',
  description:
    'Opens with `retry: 3000`, then sends each event as `id` (monotonic), `event` (the type, e.g. `property.created`) and `data` (JSON), ' +
    'with a `: ping` comment every SSE_HEARTBEAT_MS (15 s). Send `Last-Event-ID` to resume. An expired, forged or missing token is 401.',
  request: { query: StreamQuery, headers: StreamHeaders },
  responses: {
    200: {
      description: 'The event stream; it stays open',
      headers: {
        'Cache-Control': { schema: { type: 'string', example: 'no-cache' } },
        'X-Accel-Buffering': { schema: { type: 'string', example: 'no' } },
      },
      content: { 'text/event-stream': { schema: z.string().openapi({ example: 'retry: 3000\n\nid: 42\nevent: property.created\ndata: {"id":"..."}\n\n' }) } },
    },
    ...errors(401, 422),
  },
});

export function registerStream(app: OpenAPIHono<AppEnv>, counters: StreamCounters): void {
  app.openapi(route, async (c) => {
    const { token, last_event_id: queryLastId } = c.req.valid('query');
    const headerLastId = c.req.valid('header')['last-event-id'];
    const claims = token ? await verifyStreamToken(c.get('config').jwt, token) : 'missing';
    if (claims === 'missing') throw unauthorized('Open the stream with `?token=` from GET /sse/token.', 'invalid_request');
    if (claims === 'expired') throw unauthorized('The stream token has expired; get a new one from GET /sse/token.');
    if (claims === 'invalid') throw unauthorized('The stream token is not valid.');

    const resumeFrom = headerLastId ?? queryLastId;
    const { sse } = c.get('config');
    const body = await streamTeamEvents({
      bus: c.get('events'),
      teamId: claims.teamId,
      resumeAfter: resumeFrom === undefined ? undefined : Number(resumeFrom),
      retryMs: sse.retryMs,
      heartbeatMs: sse.heartbeatMs,
      signal: c.req.raw.signal,
      counters,
    });
    return c.body(body, 200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    });
  });
}
