/**
 * Health endpoints (Kubernetes conventions; IETF "Health Check Response Format for HTTP APIs").
 * Liveness (`/healthz`, `/livez`) never touches a dependency; readiness (`/health`, `/ready`,
 * `/readyz`) pings each one (the database, the file store; Redis when REDIS_URL is set) and
 * answers 503 with `status: fail` when one is down.
 * `/metrics` serves the Prometheus registry.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { Metrics } from '../lib/metrics.js';
import { connectRedis, createRedis } from '../lib/redis.js';
import type { Redis } from 'ioredis';

const HEALTH_TYPE = 'application/health+json';
const started = Date.now();

const CheckSchema = z.object({
  componentType: z.string(),
  observedValue: z.number().optional(),
  observedUnit: z.string().optional(),
  status: z.enum(['pass', 'warn', 'fail']),
  time: z.string(),
  output: z.string().optional(),
});

const HealthSchema = z
  .object({
    status: z.enum(['pass', 'warn', 'fail']),
    version: z.string(),
    description: z.string(),
    uptime_seconds: z.number().optional(),
    checks: z.record(z.string(), z.array(CheckSchema)).optional(),
  })
  .openapi('Health');

const healthResponse = (description: string) => ({ description, content: { [HEALTH_TYPE]: { schema: HealthSchema } } });

function liveness(path: string) {
  return createRoute({
    method: 'get',
    path,
    tags: ['health'],
    summary: 'Liveness: the process is up (no dependency is checked)',
    description: 'Answers 200 as long as the process serves HTTP; restart the process when it does not. /healthz and /livez are the same check.',
    responses: { 200: healthResponse('The process is alive') },
  });
}

function readiness(path: string) {
  return createRoute({
    method: 'get',
    path,
    tags: ['health'],
    summary: 'Readiness: every dependency answers',
    description: 'Pings the database, the file store and (with REDIS_URL) Redis, each with its response time; 503 with `status: fail` when one is down. /health, /ready and /readyz are the same check.',
    responses: { 200: healthResponse('Ready to serve'), 503: healthResponse('A dependency is down') },
  });
}

/** Runs one dependency probe: its entry in `checks` (RFC draft health format). */
async function probe(componentType: string, ping: () => Promise<void>) {
  const began = performance.now();
  let status: 'pass' | 'fail' = 'pass';
  let output: string | undefined;
  try {
    await ping();
  } catch (error) {
    status = 'fail';
    output = (error as Error).message;
  }
  return {
    componentType,
    observedValue: Math.round((performance.now() - began) * 100) / 100,
    observedUnit: 'ms',
    status,
    time: new Date().toISOString(),
    ...(output ? { output } : {}),
  };
}

/** One health client per stack (its config object), closed with the stack's other Redis clients. */
const healthClients = new WeakMap<object, Redis>();

/** PING within a bound, failing fast while offline (ioredis would otherwise queue the command). */
export async function pingRedis(c: Context<AppEnv>): Promise<void> {
  const config = c.get('config');
  let client = healthClients.get(config);
  if (!client) healthClients.set(config, (client = createRedis(config, 'health', { commandTimeoutMs: 2_000 })));
  await connectRedis(client).catch(() => undefined);
  if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
  await client.ping();
}

async function readinessBody(c: Context<AppEnv>) {
  const database = c.get('database');
  const storage = c.get('storage');
  const [db, files, redis] = await Promise.all([
    probe('datastore', () => database.ping(2_000)),
    probe('datastore', () => storage.ping()),
    c.get('config').redisUrl ? probe('datastore', () => pingRedis(c)) : undefined,
  ]);
  const status: 'pass' | 'fail' = [db, files, redis].every((check) => !check || check.status === 'pass') ? 'pass' : 'fail';
  return {
    status,
    version: c.get('config').version,
    description: 'Real Estate OS API',
    uptime_seconds: Math.round((Date.now() - started) / 1000),
    checks: {
      [`${database.kind}:responseTime`]: [db],
      [`storage-${storage.kind}:responseTime`]: [files],
      ...(redis ? { 'redis:responseTime': [redis] } : {}),
    },
  };
}

export function healthRoutes(metrics: Metrics): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  for (const path of ['/healthz', '/livez']) {
    app.openapi(liveness(path), (c) => {
      const body = { status: 'pass' as const, version: c.get('config').version, description: 'Real Estate OS API' };
      return c.json(body, 200, { 'Content-Type': HEALTH_TYPE, 'Cache-Control': 'no-store' });
    });
  }
  for (const path of ['/health', '/ready', '/readyz']) {
    app.openapi(readiness(path), async (c) => {
      const body = await readinessBody(c);
      return c.json(body, body.status === 'pass' ? 200 : 503, { 'Content-Type': HEALTH_TYPE, 'Cache-Control': 'no-store' });
    });
  }
  app.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['health'],
      summary: 'Prometheus metrics in text exposition format',
      description: 'Request counts and latency histograms by route and status, SSE stream figures and process metrics. Unauthenticated: expose it only on an internal network.',
      responses: { 200: { description: 'Metrics', content: { 'text/plain': { schema: z.string() } } } },
    }),
    async (c) => c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
  );
  return app;
}
