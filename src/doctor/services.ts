/**
 * Checks of what the stack talks to: the Docker engine (docker mode only, so a warning), and
 * PostgreSQL and Redis when DATABASE_URL / REDIS_URL configure them. Each is bounded in time.
 */
import { redactUrl } from '../../stack/db/client.js';
import { maskRedisUrl } from '../../stack/lib/redis.js';
import type { DoctorCheck } from './types.js';

const TIMEOUT_MS = 3_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const reason = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return e?.code && !String(e.message).includes(e.code) ? `${e.code} ${e.message}` : String(e?.message ?? error);
};

export async function checkDocker(timeoutMs = TIMEOUT_MS): Promise<DoctorCheck> {
  const base = { id: 'docker', title: 'Docker engine (docker mode only)' };
  try {
    const { default: Docker } = await import('dockerode');
    const docker = new Docker();
    const version = (await within(docker.version(), timeoutMs, 'the Docker engine')) as { Version?: string };
    return { ...base, status: 'pass', detail: `reachable, version ${version.Version ?? 'unknown'}` };
  } catch (error) {
    return { ...base, status: 'warn', detail: `not reachable (${reason(error)})`, hint: 'Only `reos up --docker` needs it; the embedded mode (the default) needs no Docker.' };
  }
}

export async function checkPostgres(url: string, timeoutMs = TIMEOUT_MS): Promise<DoctorCheck> {
  const base = { id: 'postgres', title: `PostgreSQL ${redactUrl(url)}` };
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await within(client.connect(), timeoutMs + 500, 'PostgreSQL');
    const { rows } = await within(client.query<{ server_version: string }>('show server_version'), timeoutMs, 'PostgreSQL');
    await client.end().catch(() => undefined);
    const schema = await schemaNote(url, timeoutMs);
    return { ...base, status: schema.status, detail: `reachable, server ${rows[0]?.server_version ?? '?'}; ${schema.detail}`, ...(schema.hint ? { hint: schema.hint } : {}) };
  } catch (error) {
    return { ...base, status: 'fail', detail: `not reachable (${reason(error)})`, hint: 'Start PostgreSQL or fix DATABASE_URL; unset it to use the embedded database.' };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Migrations applied there, compared with the ones this reos ships (the same reading as `reos db status`). */
async function schemaNote(url: string, timeoutMs: number): Promise<{ status: 'pass' | 'warn' | 'fail'; detail: string; hint?: string }> {
  const { databaseStatus } = await import('../runtime/db.js');
  try {
    const status = await within(databaseStatus({ databaseUrl: url, dataDir: process.cwd() }), timeoutMs * 2, 'PostgreSQL');
    if (status.unknown > 0) return { status: 'fail', detail: `${status.unknown} migration(s) unknown to this reos (a newer reos migrated it)`, hint: 'Upgrade reos or point DATABASE_URL at another database.' };
    if (status.pending > 0) return { status: 'warn', detail: `${status.pending} migration(s) pending`, hint: '`reos up` applies them (or run `reos db migrate`).' };
    return { status: 'pass', detail: 'schema up to date' };
  } catch (error) {
    return { status: 'warn', detail: `schema not readable (${reason(error)})`, hint: 'Run `reos db status` for details.' };
  }
}

export async function checkRedis(url: string, timeoutMs = TIMEOUT_MS): Promise<DoctorCheck> {
  const base = { id: 'redis', title: `Redis ${maskRedisUrl(url)}` };
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let lastError: unknown;
  redis.on('error', (error) => (lastError = error));
  try {
    await within(redis.connect(), timeoutMs + 500, 'Redis');
    const pong = await within(redis.ping(), timeoutMs, 'Redis');
    return { ...base, status: 'pass', detail: `reachable (PING -> ${pong})` };
  } catch (error) {
    return { ...base, status: 'fail', detail: `not reachable (${reason(lastError ?? error)})`, hint: 'Start Redis or fix REDIS_URL; unset it to keep limits and events in process.' };
  } finally {
    redis.disconnect();
  }
}
