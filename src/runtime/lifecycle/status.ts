/**
 * `reos status`: what the state file says is running, confirmed over HTTP. The API's health
 * and the database's comes from GET /ready (its checks); a stale state file is reported and
 * removed by `inspectState`, never shown as running.
 */
import { inspectState, probe } from './state.js';

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
}

export async function readStatus(dataDir: string): Promise<StackStatus> {
  const check = await inspectState(dataDir);
  if (check.kind === 'none') return { running: false };
  if (check.kind === 'stale') return { running: false, stale: { pid: check.state.pid, reason: check.reason, cleaned: true } };
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

export function formatStatus(status: StackStatus): string {
  const lines: string[] = [];
  if (status.stale) lines.push(`Removed a stale state file: ${status.stale.reason}.`);
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
