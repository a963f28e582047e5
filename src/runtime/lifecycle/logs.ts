/**
 * `reos logs`: the JSON log lines under `<data dir>/logs/*.jsonl` (one file per component,
 * `api.jsonl` today), merged in time order and filtered by level, request id, time and
 * component. Lines that are not JSON (the banner, a crash message) are skipped. `followLogs`
 * polls the files for appended bytes, tail -f style, until its signal aborts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, ReosError } from '../../errors.js';

export interface LogEntry {
  time: string;
  level: string;
  msg?: string;
  request_id?: string;
  method?: string;
  path?: string;
  status?: number;
  duration_ms?: number;
  component: string;
  /** The line exactly as written, for --json. */
  raw: string;
}

export interface LogFilter {
  level?: string;
  requestId?: string;
  since?: Date;
  component?: string;
}

export const LOG_RANKS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** `5m`, `1h`, `30s`, `2d` before now, or an ISO time. */
export function parseSince(value: string, now = Date.now()): Date {
  const relative = /^(\d+)\s*(s|m|h|d)$/.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[relative[2] as 's']);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ReosError(`Cannot read --since "${value}".`, { hint: 'Use a duration such as 30s, 5m, 1h, 2d, or an ISO time such as 2026-01-31T12:00:00Z.', exitCode: EXIT.usage, code: 'BAD_SINCE' });
  }
  return date;
}

export function logFiles(dir: string, component?: string): string[] {
  if (!fs.existsSync(dir)) {
    throw new ReosError(`No logs: ${dir} does not exist.`, { hint: 'Start the stack with `reos up --detach` (or pass --data-dir where it runs).', exitCode: EXIT.failed, code: 'NO_LOGS' });
  }
  const all = fs.readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  const chosen = all.filter((name) => !component || name === `${component}.jsonl`);
  if (component && chosen.length === 0) {
    const known = all.map((name) => path.basename(name, '.jsonl'));
    throw new ReosError(`No logs for the component "${component}" in ${dir}.`, {
      hint: known.length ? `Components with logs: ${known.join(', ')}.` : 'Nothing has logged there yet.',
      exitCode: EXIT.usage,
      code: 'UNKNOWN_COMPONENT',
    });
  }
  return chosen.map((name) => path.join(dir, name));
}

export function parseLines(text: string, component: string, filter: LogFilter): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.startsWith('{')) continue;
    let entry: LogEntry;
    try {
      entry = { ...(JSON.parse(raw) as Omit<LogEntry, 'component' | 'raw'>), component, raw };
    } catch {
      continue;
    }
    if (matchesFilter(entry, filter)) entries.push(entry);
  }
  return entries;
}

export function matchesFilter(entry: LogEntry, filter: LogFilter): boolean {
  if (filter.level && (LOG_RANKS[entry.level] ?? 0) < (LOG_RANKS[filter.level] ?? 0)) return false;
  if (filter.requestId && entry.request_id !== filter.requestId) return false;
  if (filter.since && !(Date.parse(entry.time) >= filter.since.getTime())) return false;
  return true;
}

const componentOf = (file: string): string => path.basename(file, '.jsonl');

/** Every matching line of every file, oldest first (a stable sort keeps each file's order). */
export function readLogs(dir: string, filter: LogFilter): LogEntry[] {
  const entries = logFiles(dir, filter.component).flatMap((file) => parseLines(fs.readFileSync(file, 'utf8'), componentOf(file), filter));
  return entries.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

/** Calls `onEntry` for each line appended after the call, until `signal` aborts. */
export async function followLogs(dir: string, filter: LogFilter, onEntry: (entry: LogEntry) => void, signal: AbortSignal): Promise<void> {
  const offsets = new Map<string, number>();
  for (const file of logFiles(dir, filter.component)) offsets.set(file, fs.statSync(file).size);
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const fresh: LogEntry[] = [];
    for (const file of logFiles(dir, filter.component)) {
      const size = fs.statSync(file).size;
      // A file that shrank was truncated or replaced: read it again from the start.
      const known = offsets.get(file) ?? 0;
      const from = size < known ? 0 : known;
      if (size <= from) continue;
      const text = fs.readFileSync(file).subarray(from, size).toString('utf8');
      // Only whole lines: a line being written stays for the next round.
      const end = text.lastIndexOf('\n') + 1;
      offsets.set(file, from + Buffer.byteLength(text.slice(0, end)));
      fresh.push(...parseLines(text.slice(0, end), componentOf(file), filter));
    }
    fresh.sort((a, b) => Date.parse(a.time) - Date.parse(b.time)).forEach(onEntry);
  }
}

/** One line for people: time, level, then the request (method path status duration id) or the message. */
export function formatEntry(entry: LogEntry, withComponent = false): string {
  const time = entry.time?.slice(11, 23) ?? '';
  const level = (entry.level ?? '').toUpperCase().padEnd(5);
  const what =
    entry.method && entry.path
      ? `${entry.method} ${entry.path} ${entry.status ?? ''} ${entry.duration_ms ?? '?'} ms`
      : (entry.msg ?? '');
  const component = withComponent ? `${entry.component.padEnd(10)} ` : '';
  return `${time} ${level} ${component}${what}${entry.request_id ? `  ${entry.request_id}` : ''}`;
}
