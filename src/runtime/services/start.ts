/**
 * `reos up --services`: the API on PostgreSQL and Redis as N replica processes plus one job
 * worker. In order: refuse a second start, check ports / PostgreSQL / Redis (one clear error
 * each), migrate once (so N processes never race the migrator), start every component, wait
 * until each replica answers GET /ready (bounded; the failing one's last log lines otherwise),
 * and record them all in the state file. `--detach` returns then; the foreground streams the
 * merged logs until a signal (or a component dies) and stops everything.
 */
import fs from 'node:fs';
import { redactUrl } from '../../../stack/db/client.js';
import { maskRedisUrl } from '../../../stack/lib/redis.js';
import { EXIT, ReosError } from '../../errors.js';
import { migrateDatabase } from '../db.js';
import { followLogs, formatEntry, type LogEntry } from '../lifecycle/logs.js';
import { inspectState, logDir, probe, removeState, writeState, type ServicesState } from '../lifecycle/state.js';
import { stopComponents } from '../lifecycle/stop.js';
import { planComponents, startComponent, tailSince, toStateComponent, type ServicesPlan, type StartedComponent } from './components.js';
import { checkPorts, checkRedis, ensurePostgres } from './preflight.js';

export interface ServicesOptions extends Omit<ServicesPlan, 'logDir'> {
  dataDir: string;
  version: string;
  detach: boolean;
  timeoutMs: number;
  /** Progress for people (stderr). */
  onNotice(message: string): void;
}

export type ServicesResult = ServicesState & { already_running: boolean; database_created: boolean; worker_missing: boolean };

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const STOP_TIMEOUT_MS = 10_000;

export async function startServices(options: ServicesOptions): Promise<ServicesResult> {
  const existing = await inspectState(options.dataDir);
  if (existing.kind === 'services') return { ...existing.state, already_running: true, database_created: false, worker_missing: false };
  if (existing.kind === 'running') {
    throw new ReosError(`reos is already running at ${existing.state.url} (pid ${existing.state.pid}, embedded).`, {
      hint: 'Stop it with `reos down` first, or use another --data-dir.',
      exitCode: EXIT.unreachable,
      code: 'ALREADY_RUNNING',
    });
  }
  if (existing.kind === 'stale') options.onNotice(`Removed a stale state file: ${existing.reason}.`);

  await checkPorts(options.host, options.basePort, options.replicas);
  const { created } = await ensurePostgres(options.databaseUrl);
  if (created) options.onNotice(`Created the database ${redactUrl(options.databaseUrl)}.`);
  await checkRedis(options.redisUrl);
  const migrated = await migrateDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  if (migrated.applied.length > 0) options.onNotice(`Applied ${migrated.applied.length} migration(s) to ${migrated.location}.`);

  const { specs, workerMissing } = planComponents({ ...options, logDir: logDir(options.dataDir) });
  if (workerMissing) options.onNotice('No job worker entry (dist/stack/worker-main.js) in this build: starting the API replicas only.');
  const follow = new AbortController();
  if (!options.detach) {
    // Followed from before the first line is written, so nothing is missed (the folder must exist).
    fs.mkdirSync(logDir(options.dataDir), { recursive: true });
    void followLogs(logDir(options.dataDir), {}, printEntry, follow.signal).catch((error: unknown) => options.onNotice(`Log streaming stopped: ${(error as Error).message}`));
  }

  const started = specs.map((spec) => startComponent(spec, options.detach));
  const interrupted = watchSignals();
  try {
    await waitHealthy(started, options.timeoutMs, () => interrupted.received !== undefined);
  } catch (error) {
    follow.abort();
    await stopComponents(started.map(toStateComponent), 5_000);
    throw error;
  } finally {
    interrupted.dispose();
  }
  const state: ServicesState = {
    mode: 'services',
    ...(options.detach ? {} : { supervisor_pid: process.pid }),
    data_dir: options.dataDir,
    started_at: new Date().toISOString(),
    version: options.version,
    database: { kind: 'postgres', location: redactUrl(options.databaseUrl) },
    redis: { location: maskRedisUrl(options.redisUrl) },
    components: started.map(toStateComponent),
  };
  writeState(options.dataDir, state);
  const result: ServicesResult = { ...state, already_running: false, database_created: created, worker_missing: workerMissing };
  if (options.detach) return result;

  options.onNotice(formatServices(result));
  options.onNotice('Streaming the logs of every component; press Ctrl+C to stop them all.');
  const why = await runUntilStopped(started);
  options.onNotice(`${why}: stopping ${started.length} process(es).`);
  await stopComponents(started.map(toStateComponent), STOP_TIMEOUT_MS);
  follow.abort();
  removeState(options.dataDir);
  options.onNotice('Stopped.');
  if (!why.startsWith('Received')) throw new ReosError(`${why}.`, { hint: 'See its lines above (or `reos logs --component <name>`).', exitCode: EXIT.failed, code: 'COMPONENT_EXITED' });
  return result;
}

/** People get one formatted line per entry; pipes get the JSON line with the component added. */
function printEntry(entry: LogEntry): void {
  const line = process.stdout.isTTY ? `${entry.component.padEnd(7)} ${formatEntry(entry)}` : `{"component":${JSON.stringify(entry.component)},${entry.raw.slice(1)}`;
  process.stdout.write(`${line}\n`);
}

/** Ctrl+C while starting must not leave unrecorded processes behind: remember it, stop, clean. */
function watchSignals(): { received?: string; dispose(): void } {
  const watcher: { received?: string; dispose(): void } = { dispose: () => STOP_SIGNALS.forEach((s) => process.off(s, on)) };
  const on = (signal: string) => (watcher.received = signal);
  STOP_SIGNALS.forEach((s) => process.on(s, on));
  return watcher;
}

/** Every replica answers GET /ready with 200 and the worker is still alive, or a clear failure. */
async function waitHealthy(started: StartedComponent[], timeoutMs: number, interrupted: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(started.filter((c) => c.spec.kind === 'api'));
  while (pending.size > 0) {
    for (const component of started) {
      const code = component.exitCode();
      if (code !== undefined) throw componentFailed(component, `exited with code ${code} before it was ready`);
    }
    if (interrupted()) throw new ReosError('Interrupted while the services were starting; every process was stopped.', { exitCode: EXIT.failed, code: 'INTERRUPTED' });
    if (Date.now() > deadline) {
      const [first] = pending;
      throw componentFailed(first, `did not become ready within ${timeoutMs / 1000} s`);
    }
    for (const component of [...pending]) {
      if ((await probe(component.spec.url!, '/ready', 2_000))?.status === 200) pending.delete(component);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function componentFailed(component: StartedComponent, why: string): ReosError {
  const tail = tailSince(component.spec.logFile, component.logOffset) || '  (no output)';
  return new ReosError(`${component.spec.name} (pid ${component.pid}) ${why}. Its last log lines (${component.spec.logFile}):\n${tail}`, {
    hint: 'Fix the cause above (or raise --timeout); every process that was started has been stopped.',
    exitCode: EXIT.unreachable,
    code: 'SERVICES_NOT_READY',
  });
}

/** Resolves with why the foreground stops: a signal, or a component that exited on its own. */
function runUntilStopped(started: StartedComponent[]): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string) => {
      STOP_SIGNALS.forEach((s) => process.off(s, onSignal));
      resolve(why);
    };
    const onSignal = (signal: string) => done(`Received ${signal}`);
    STOP_SIGNALS.forEach((s) => process.once(s, onSignal));
    for (const component of started) void component.process.then((r) => done(`${component.spec.name} (pid ${component.pid}) exited on its own with code ${r.exitCode ?? r.signal}`));
  });
}

export function formatServices(result: ServicesResult): string {
  if (result.already_running) {
    const apis = result.components.filter((c) => c.kind === 'api');
    return `reos is already running (services, ${apis.length} replica(s) from ${apis[0]?.url}). Stop it with \`reos down\`.`;
  }
  return [
    `reos ${result.version} is up (services${result.supervisor_pid ? '' : ', in the background'})`,
    ...result.components.map((c) => `  ${c.name.padEnd(9)} ${c.url ?? '(no HTTP)'}  pid ${c.pid}  logs ${c.log_file}`),
    `  database  ${result.database.location}`,
    `  redis     ${result.redis.location}`,
    ...(result.worker_missing ? ['  worker    not started: this build has no stack/worker-main entry'] : []),
    'Check it with `reos status`; stop it with `reos down`.',
  ].join('\n');
}
