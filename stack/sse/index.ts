/**
 * Server-sent events, mounted at /sse: `GET /token` (a stream token), `GET /stream` (the
 * team's events), `GET /stats` (this process's figures) and `POST /test/emit` (admin test
 * event). Streams end when the client leaves or when the event bus closes with the stack.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerEmit } from './emit.js';
import { registerStats } from './stats.js';
import { registerStream } from './stream.js';
import { createStreamCounters, type StreamCounters } from './team-stream.js';
import { registerStreamToken } from './token.js';

export { signStreamToken, verifyStreamToken, STREAM_AUDIENCE } from './stream-token.js';

/**
 * @example
 * app.route('/sse', sseRoutes());
 */
export function sseRoutes(counters: StreamCounters = createStreamCounters()): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  registerStreamToken(app);
  registerStream(app, counters);
  registerStats(app, counters);
  registerEmit(app);
  return app;
}
