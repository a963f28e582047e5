/**
 * The state file `reos up --detach` leaves in the data directory (`.reos/state.json`): which
 * process runs the API, where it answers, and where it logs. `status`, `down` and `logs` read
 * it, and never trust it blindly: `inspectState` checks that the pid is alive and answers (or
 * at least is a reos process) before anything acts on it, and cleans a stale file.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface StackState {
  pid: number;
  url: string;
  port: number;
  data_dir: string;
  ephemeral: boolean;
  database: { kind: 'pglite' | 'postgres'; location: string };
  started_at: string;
  version: string;
  log_file: string;
}

/** The folder holding state.json and logs/: the --data-dir flag, REOS_DATA_DIR, else ./.reos. */
export function resolveStateDir(dataDir?: string): string {
  return path.resolve(dataDir ?? (process.env.REOS_DATA_DIR || '.reos'));
}

export const stateFile = (dir: string): string => path.join(dir, 'state.json');
export const logDir = (dir: string): string => path.join(dir, 'logs');

export function readState(dir: string): StackState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(stateFile(dir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = JSON.parse(text) as StackState;
    return Number.isInteger(state.pid) && typeof state.url === 'string' ? state : ({ pid: 0, url: '' } as StackState);
  } catch {
    // A half-written or hand-mangled file is stale, not fatal.
    return { pid: 0, url: '' } as StackState;
  }
}

/** Temp file then rename, so a reader never sees half a state file. */
export function writeState(dir: string, state: StackState): void {
  fs.mkdirSync(dir, { recursive: true });
  const temp = `${stateFile(dir)}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temp, stateFile(dir));
}

export function removeState(dir: string): void {
  fs.rmSync(stateFile(dir), { force: true });
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** GET url+path within the bound; undefined when nothing answers. */
export async function probe(url: string, pathname: string, timeoutMs = 2_000): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const response = await fetch(`${url}${pathname}`, { signal: AbortSignal.timeout(timeoutMs) });
    const body: unknown = await response.json().catch(() => undefined);
    return { status: response.status, body };
  } catch {
    return undefined;
  }
}

/** On Linux, whether the pid's command line is a reos CLI; unknown elsewhere. */
function looksLikeReos(pid: number): boolean | undefined {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /reos|bin[/\\]run\.js/.test(cmdline);
  } catch {
    return process.platform === 'linux' ? false : undefined;
  }
}

export type StateCheck =
  | { kind: 'none' }
  | { kind: 'stale'; state: StackState; reason: string }
  | { kind: 'running'; state: StackState; answering: boolean };

/**
 * What the state file is worth: nothing there, stale (cleaned here), or a live process. A live
 * pid that does not answer counts as running only if it still looks like reos; pids are reused.
 */
export async function inspectState(dir: string): Promise<StateCheck> {
  const state = readState(dir);
  if (!state) return { kind: 'none' };
  const stale = (reason: string): StateCheck => {
    removeState(dir);
    return { kind: 'stale', state, reason };
  };
  if (!state.url || !state.pid) return stale('the state file is unreadable');
  if (!isAlive(state.pid)) return stale(`process ${state.pid} is gone`);
  const live = await probe(state.url, '/healthz');
  if (live?.status === 200) return { kind: 'running', state, answering: true };
  if (looksLikeReos(state.pid) === false) return stale(`process ${state.pid} does not answer at ${state.url} and is not reos`);
  return { kind: 'running', state, answering: false };
}
