/**
 * `reos doctor`: the seed's pre-demo checklist as data. Node version, free ports (API, SMTP and
 * mail HTTP of the embedded catcher), disk space, data directory health, the Docker engine (a
 * warning only: docker mode needs it), PostgreSQL and Redis when configured, and the health of
 * a running stack. `reos demo` runs the same checks before the show. No oclif here.
 *
 * @example
 * const report = await runDoctor({ env: process.env, dataDir: '.reos', port: 8000 });
 * if (!report.ok) process.exitCode = 1;
 */
import { inspectState, probe } from '../runtime/lifecycle/state.js';
import { checkDataDir } from './data-dir.js';
import { checkDocker, checkPostgres, checkRedis } from './services.js';
import { checkDisk, checkNode, checkPort } from './system.js';
import type { DoctorCheck, DoctorReport } from './types.js';

export type { CheckStatus, DoctorCheck, DoctorReport } from './types.js';
export { formatDoctor } from './format.js';

export interface DoctorOptions {
  env: Record<string, string | undefined>;
  /** Absolute data directory (state file, lock, embedded database). */
  dataDir: string;
  /** API port (--port, else REOS_PORT / PORT, else 8000). */
  port?: number;
  host?: string;
  /** Skip the port checks (the demo against --target starts nothing locally). */
  ports?: boolean;
  /** Skip the Docker check. */
  docker?: boolean;
}

const int = (value: string | undefined, fallback: number) => (value && /^\d+$/.test(value) ? Number(value) : fallback);

async function checkStack(dataDir: string): Promise<{ check: DoctorCheck; port?: number; pid?: number }> {
  const base = { id: 'stack', title: 'Running stack' };
  const state = await inspectState(dataDir);
  if (state.kind === 'none') return { check: { ...base, status: 'pass', detail: 'none running (`reos demo` starts one in process; `reos up --detach` for a lasting one)' } };
  if (state.kind === 'stale') return { check: { ...base, status: 'warn', detail: `a stale state file was found and removed: ${state.reason}`, hint: 'Nothing to do; start the stack again with `reos up --detach` if you need it.' } };
  if (state.kind === 'services') {
    const api = state.alive.filter((c) => c.url);
    const answers = await Promise.all(api.map((c) => probe(c.url!, '/ready', 5_000)));
    const down = api.filter((_, i) => answers[i]?.status !== 200).map((c) => c.name);
    const detail = `services mode: ${state.alive.length} of ${state.state.components.length} processes alive${down.length ? `; not ready: ${down.join(', ')}` : ', every API replica ready'}`;
    return down.length === 0 && state.alive.length === state.state.components.length
      ? { check: { ...base, status: 'pass', detail } }
      : { check: { ...base, status: 'fail', detail, hint: 'See `reos status` and `reos logs --level warn`; restart with `reos down && reos up --services --detach`.' } };
  }
  const { url, pid, port } = state.state;
  const ready = await probe(url, '/ready', 5_000);
  const health = (ready?.body as { status?: string } | undefined)?.status;
  if (ready?.status === 200) return { check: { ...base, status: 'pass', detail: `pid ${pid} at ${url}: ready (${health ?? 'pass'})` }, port, pid };
  return {
    check: { ...base, status: 'fail', detail: `pid ${pid} at ${url}: ${ready ? `/ready answered ${ready.status} (${health ?? 'no status'})` : 'does not answer'}`, hint: 'See `reos status` and `reos logs --level warn`; restart with `reos down && reos up --detach`.' },
    port,
    pid,
  };
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { env } = options;
  const host = options.host ?? (env.REOS_HOST || '127.0.0.1');
  const apiPort = options.port ?? int(env.REOS_PORT, int(env.PORT, 8000));
  const stack = await checkStack(options.dataDir);
  const owner = stack.pid ? `the running reos stack (pid ${stack.pid})` : undefined;
  const portChecks =
    options.ports === false
      ? []
      : [
          checkPort({ id: 'port-api', label: 'API', port: apiPort, host, setting: '--port (or REOS_PORT)', ...(stack.port === apiPort && owner ? { ownedBy: owner } : {}) }),
          checkPort({ id: 'port-smtp', label: 'mail catcher SMTP', port: int(env.MAIL_SMTP_PORT, 1025), host: '127.0.0.1', setting: 'MAIL_SMTP_PORT' }),
          checkPort({ id: 'port-mail', label: 'mail catcher HTTP', port: int(env.MAIL_HTTP_PORT, 8025), host: '127.0.0.1', setting: 'MAIL_HTTP_PORT' }),
        ];
  const checks = await Promise.all([
    Promise.resolve(checkNode()),
    ...portChecks,
    checkDisk(options.dataDir),
    checkDataDir(options.dataDir, { schema: !env.DATABASE_URL }),
    ...(options.docker === false ? [] : [checkDocker()]),
    ...(env.DATABASE_URL ? [checkPostgres(env.DATABASE_URL)] : []),
    ...(env.REDIS_URL ? [checkRedis(env.REDIS_URL)] : []),
    Promise.resolve(stack.check),
  ]);
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const check of checks) counts[check.status]++;
  return { ok: counts.fail === 0, counts, checks };
}
