/**
 * Prometheus metrics (prom-client): request counts and durations by method, route pattern and
 * status, and the SSE streams open in this process (read from the SSE routes' counters when
 * scraped). Each app gets its own registry so several stacks in one process (tests, `reos verify`)
 * never mix their figures.
 */
import type { MiddlewareHandler } from 'hono';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppEnv } from './context.js';
import { matchedRoute } from './logger.js';
import type { StreamCounters } from '../sse/team-stream.js';

export interface Metrics {
  registry: Registry;
  middleware: MiddlewareHandler<AppEnv>;
}

export function createMetrics(options: { processMetrics?: boolean; sse?: StreamCounters } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'reos_' });
  const sse = options.sse;
  if (sse) {
    new Gauge({
      name: 'sse_connections',
      help: 'Server-sent event streams open in this process',
      registers: [registry],
      collect() {
        this.set(sse.connections);
      },
    });
  }
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware: MiddlewareHandler<AppEnv> = async function metricsMiddleware(c, next) {
    const started = performance.now();
    await next();
    const labels = { method: c.req.method, route: matchedRoute(c), status: String(c.res.status) };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - started) / 1000);
  };
  return { registry, middleware };
}
