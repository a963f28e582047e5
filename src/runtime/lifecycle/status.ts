/**
 * `reos status`: what the state file says is running, confirmed over HTTP. The API's health
 * and the database's comes from GET /ready (its checks); a stale state file is reported and
 * removed by `inspectState`, never shown as running.
 */
import { Redis } from 'ioredis';
import { inspectState, probe, type ServicesState, type ServiceComponent } from './state.js';

interface ReadyCheck {
  componentType: string;
  status: 'pass' | 'warn' | 'fail';
  observedValue?: number;
  observedUnit?: string;
  output?: string;
}

export interface StackStatus {
  running: boolean;
  /** Set when a state file was found stale and removed. */
  stale?: { pid: number; reason: string; cleaned: true };
  api?: { pid: number; url: string; health: 'pass' | 'warn' | 'fail' | 'unreachable'; uptime_seconds?: number; started_at: string; version: string };
  database?: { kind: string; location: string; ephemeral: boolean; checks: Record<string, ReadyCheck[]> };
  log_file?: string;
  /** `services` when started by `reos up --services`; then `components` lists each part. */
  mode?: 'embedded' | 'services';
  components?: ComponentStatus[];
}

export interface ComponentStatus {
  name: string;
  kind: 'api' | 'worker' | 'database' | 'redis';
  /** pass / fail from GET /ready for a replica; running / down for a process without HTTP. */
  health: 'pass' | 'warn' | 'fail' | 'unreachable' | 'running' | 'down' | 'unknown';
  pid?: number;
  url?: string;
  location?: string;
  uptime_seconds?: number;
  log_file?: string;
}

export async function readStatus(dataDir: string): Promise<StackStatus> {
  const check = await inspectState(dataDir);
  if (check.kind === 'none') return { running: false };
  if (check.kind === 'stale') return { running: false, stale: { pid: check.state.pid, reason: check.reason, cleaned: true } };
  if (check.kind === 'services') return servicesStatus(check.state, check.alive);
  const { state } = check;
  const ready = await probe(state.url, '/ready', 5_000);
  const body = (ready?.body ?? {}) as { status?: 'pass' | 'warn' | 'fail'; uptime_seconds?: number; checks?: Record<string, ReadyCheck[]> };
  return {
    running: true,
    api: {
      pid: state.pid,
      url: state.url,
      health: body.status ?? 'unreachable',
      uptime_seconds: body.uptime_seconds ?? Math.round((Date.now() - Date.parse(state.started_at)) / 1000),
      started_at: state.started_at,
      version: state.version,
    },
    database: { kind: state.database.kind, location: state.database.location, ephemeral: state.ephemeral, checks: body.checks ?? {} },
    log_file: state.log_file,
  };
}

type ReadyBody = { status?: 'pass' | 'warn' | 'fail'; uptime_seconds?: number; checks?: Record<string, ReadyCheck[]> };

/** Each replica's own /ready, the worker's liveness, and the database and Redis as seen now. */
async function servicesStatus(state: ServicesState, alive: ServiceComponent[]): Promise<StackStatus> {
  const living = new Set(alive.map((c) => c.name));
  const since = (started: string) => Math.round((Date.now() - Date.parse(started)) / 1000);
  const components = await Promise.all(
    state.components.map(async (c): Promise<ComponentStatus & { checks?: ReadyBody['checks'] }> => {
      const base = { name: c.name, kind: c.kind, pid: c.pid, log_file: c.log_file };
      if (!living.has(c.name)) return { ...base, ...(c.url ? { url: c.url } : {}), health: 'down' };
      if (!c.url) return { ...base, health: 'running', uptime_seconds: since(state.started_at) };
      const ready = await probe(c.url, '/ready', 5_000);
      const body = (ready?.body ?? {}) as ReadyBody;
      return { ...base, url: c.url, health: body.status ?? 'unreachable', uptime_seconds: body.uptime_seconds ?? since(state.started_at), checks: body.checks };
    }),
  );
  const dbChecks = components.flatMap((c) => Object.entries(c.checks ?? {}).filter(([name]) => !name.startsWith('redis:')).flatMap(([, checks]) => checks));
  const database: ComponentStatus = {
    name: 'database',
    kind: 'database',
    location: state.database.location,
    health: dbChecks.length === 0 ? 'unreachable' : dbChecks.every((c) => c.status === 'pass') ? 'pass' : 'fail',
  };
  const redis: ComponentStatus = { name: 'redis', kind: 'redis', location: state.redis.location, health: redisHealth(await pingRedis(state.redis.location)) };
  return { running: true, mode: 'services', components: [...components.map(({ checks: _checks, ...c }) => c), database, redis] };
}

const redisHealth = (ok: boolean | undefined): ComponentStatus['health'] => (ok === undefined ? 'unknown' : ok ? 'pass' : 'fail');

/** PING through the recorded URL; unknown when it was recorded with its password masked. */
async function pingRedis(location: string): Promise<boolean | undefined> {
  if (location.includes('***')) return undefined;
  const client = new Redis(location, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function formatStatus(status: StackStatus): string {
  const lines: string[] = [];
  if (status.stale) lines.push(`Removed a stale state file: ${status.stale.reason}.`);
  if (status.running && status.components) {
    for (const c of status.components) {
      const where = c.url ?? c.location ?? '';
      const pid = c.pid ? `  pid ${c.pid}` : '';
      const up = c.uptime_seconds !== undefined && c.health !== 'down' ? `  up ${c.uptime_seconds} s` : '';
      lines.push(`${c.name.padEnd(9)} ${c.health.padEnd(11)} ${where}${pid}${up}`.trimEnd());
    }
    return lines.join('\n');
  }
  if (!status.running || !status.api || !status.database) return [...lines, 'Nothing is running (start it with `reos up --detach`).'].join('\n');
  const { api, database } = status;
  const dbChecks = Object.values(database.checks).flat();
  const dbHealth = dbChecks.length === 0 ? 'unknown' : dbChecks.every((c) => c.status === 'pass') ? 'pass' : 'fail';
  const timing = dbChecks[0]?.observedValue === undefined ? '' : ` (${dbChecks[0].observedValue} ${dbChecks[0].observedUnit ?? ''})`.trimEnd();
  lines.push(
    `API       ${api.health}  ${api.url}  pid ${api.pid}  up ${api.uptime_seconds ?? '?'} s  reos ${api.version}`,
    `Database  ${dbHealth}  ${database.kind} ${database.location}${timing}`,
  );
  if (status.log_file) lines.push(`Logs      ${status.log_file}`);
  return lines.join('\n');
}
