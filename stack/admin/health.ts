/**
 * GET /admin/health: the detailed health an operator reads, beyond /ready: database latency,
 * pool and migrations; the team's queue by state, its oldest queued job and dead-letter size;
 * the event bus mode; mail, storage and Redis reachability; the process's uptime and memory.
 * `fail` when the database cannot answer, `warn` when anything else does not.
 */
import net from 'node:net';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { and, count, eq, min } from 'drizzle-orm';
import { migrationStatus } from '../db/migrate.js';
import { pingRedis } from '../health/index.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { JOB_STATES, jobs } from '../jobs/tables.js';
import { AdminHealthSchema } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['admin'],
  summary: 'Detailed health: database, queue, event bus, mail, storage, Redis, process',
  description: 'Queue figures are the caller’s team’s. `status` is fail when the database cannot answer, warn when another component cannot.',
  security: bearerAuth,
  responses: { 200: jsonResponse(AdminHealthSchema, 'Every component’s status and figures'), ...errors(401, 403) },
});

type Status = 'pass' | 'warn' | 'fail';

async function timed<T>(work: () => Promise<T>): Promise<{ ok: true; value: T; ms: number } | { ok: false; error: string; ms: number }> {
  const began = performance.now();
  const ms = () => Math.round((performance.now() - began) * 100) / 100;
  try {
    const value = await work();
    return { ok: true, value, ms: ms() };
  } catch (error) {
    return { ok: false, error: (error as Error).message, ms: ms() };
  }
}

/** Whether the SMTP relay accepts a TCP connection (no mail is sent). */
function tcpProbe(host: string, port: number, timeoutMs = 1_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('connect', () => done());
    socket.once('error', (error) => done(error));
  });
}

async function databaseHealth(c: Context<AppEnv>) {
  const database = c.get('database');
  const [ping, migrations] = await Promise.all([timed(() => database.ping(2_000)), timed(() => migrationStatus(database))]);
  const applied = migrations.ok ? migrations.value.migrations.filter((m) => m.applied) : [];
  return {
    status: (ping.ok ? (migrations.ok && migrations.value.pending === 0 ? 'pass' : 'warn') : 'fail') as Status,
    kind: database.kind,
    latency_ms: ping.ms,
    ...(ping.ok ? {} : { error: ping.error }),
    pool: database.poolStats?.() ?? null,
    migrations: migrations.ok
      ? { applied: applied.length, pending: migrations.value.pending, unknown: migrations.value.unknown, latest: applied.at(-1)?.tag ?? null }
      : { error: migrations.error },
  };
}

async function queueHealth(c: Context<AppEnv>) {
  const db = c.get('db');
  const teamId = c.get('user').teamId;
  const [byState, [queued]] = await Promise.all([
    db.select({ state: jobs.state, count: count() }).from(jobs).where(eq(jobs.teamId, teamId)).groupBy(jobs.state),
    db.select({ oldest: min(jobs.createdAt) }).from(jobs).where(and(eq(jobs.teamId, teamId), eq(jobs.state, 'queued'))),
  ]);
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<string, number>;
  for (const row of byState) counts[row.state] = row.count;
  const oldest = queued.oldest ? Math.max(0, Math.round((Date.now() - new Date(queued.oldest).getTime()) / 1000)) : null;
  const { size } = c.get('config').dlqAlerts;
  return {
    status: (counts.dead > size ? 'warn' : 'pass') as Status,
    by_state: counts,
    oldest_queued_age_seconds: oldest,
    dlq_size: counts.dead,
    worker: c.get('config').jobs.worker,
  };
}

async function componentHealth(c: Context<AppEnv>) {
  const config = c.get('config');
  const storage = c.get('storage');
  const [files, smtp, redis] = await Promise.all([
    timed(() => storage.ping()),
    config.mail.provider === 'smtp' ? timed(() => tcpProbe(config.mail.smtpHost, config.mail.smtpPort)) : undefined,
    config.redisUrl ? timed(() => pingRedis(c)) : undefined,
  ]);
  const state = (probe: { ok: boolean; ms: number; error?: string } | undefined, extra: Record<string, unknown>) =>
    probe ? { status: (probe.ok ? 'pass' : 'warn') as Status, latency_ms: probe.ms, ...(probe.ok ? {} : { error: probe.error }), ...extra } : { status: 'pass' as Status, ...extra };
  return {
    mail: state(smtp, config.mail.provider === 'smtp' ? { provider: 'smtp', host: config.mail.smtpHost, port: config.mail.smtpPort } : { provider: 'sendgrid', note: 'configured; not probed (no mail is sent to check)' }),
    storage: state(files, { driver: storage.kind, location: storage.location }),
    redis: redis ? state(redis, { configured: true }) : { status: 'pass' as Status, configured: false, note: 'REDIS_URL is not set: limits, idempotency locks and events stay in process' },
  };
}

export function registerAdminHealth(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const [database, queue, components] = await Promise.all([databaseHealth(c), queueHealth(c), componentHealth(c)]);
    const events = { status: 'pass' as Status, mode: c.get('events').kind };
    const statuses = [queue.status, components.mail.status, components.storage.status, components.redis.status, database.status];
    const status: Status = database.status === 'fail' ? 'fail' : statuses.some((s) => s !== 'pass') ? 'warn' : 'pass';
    const memory = process.memoryUsage();
    return c.json(
      {
        status,
        version: c.get('config').version,
        checked_at: new Date().toISOString(),
        database,
        queue,
        events,
        ...components,
        process: {
          pid: process.pid,
          node: process.version,
          uptime_seconds: Math.round(process.uptime()),
          memory: { rss_bytes: memory.rss, heap_used_bytes: memory.heapUsed, heap_total_bytes: memory.heapTotal, external_bytes: memory.external },
        },
      },
      200,
    );
  });
}
