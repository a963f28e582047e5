/**
 * Structured logs: pino JSON lines with a string `level`, one line per request (see
 * `requestLog`) carrying request_id, method, route, path, status and duration_ms.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from './context.js';

export function createLogger(options: { level?: string; destination?: DestinationStream; service?: string } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service ?? 'reos-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['password', '*.password', 'authorization', '*.authorization', 'token', '*.token'], censor: '[REDACTED]' },
    },
    options.destination,
  );
}

/** Logs one line per request once the response is ready; 5xx at error level, 4xx at warn. */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const logger = c.get('logger');
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    // Below the configured level the line would be dropped anyway: do not build it.
    if (!logger.isLevelEnabled(level)) return;
    const line = {
      request_id: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      route: matchedRoute(c),
      status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      user_id: c.get('user')?.id,
    };
    logger[level](line, status >= 500 ? 'request failed' : status >= 400 ? 'request rejected' : 'request completed');
  };
}

/** The route pattern that answered (`/properties/:id`), or `unmatched`: never the raw path. */
export function matchedRoute(c: Context): string {
  const pattern = routePath(c, -1);
  return !pattern || pattern === '*' || pattern === '/*' ? 'unmatched' : pattern;
}
