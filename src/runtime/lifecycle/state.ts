/**
 * The state file `reos up --detach` leaves in the data directory (`.reos/state.json`): which
 * process runs the API, where it answers, and where it logs. `status`, `down` and `logs` read
 * it, and never trust it blindly: `inspectState` checks that the pid is alive and answers (or
 * at least is a reos process) before anything acts on it, and cleans a stale file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

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

/** An API replica or the job worker started by `reos up --services`. */
const ComponentSchema = z.object({
  name: z.string().regex(/^(api-[1-9][0-9]*|worker)$/),
  kind: z.enum(['api', 'worker']),
  pid: z.number().int().positive(),
  url: z.string().url().optional(),
  port: z.number().int().min(1).max(65_535).optional(),
  log_file: z.string().min(1),
  /** The script the process runs: a live pid whose command line lacks it is not ours. */
  entry: z.string().min(1),
});

const ServicesStateSchema = z.object({
  mode: z.literal('services'),
  /** The foreground `reos up` supervising the components, when not detached. */
  supervisor_pid: z.number().int().positive().optional(),
  data_dir: z.string(),
  started_at: z.string(),
  version: z.string(),
  database: z.object({ kind: z.literal('postgres'), location: z.string() }),
  redis: z.object({ location: z.string() }),
  components: z.array(ComponentSchema).min(1),
});

/** Lenient on purpose: older files and hand-made ones carry at least these two. */
const EmbeddedStateSchema = z.looseObject({ mode: z.literal('embedded').optional(), pid: z.number().int().positive(), url: z.string().min(1) });

export type ServiceComponent = z.infer<typeof ComponentSchema>;
export type ServicesState = z.infer<typeof ServicesStateSchema>;
export type StateFile = StackState | ServicesState;

export const isServicesState = (state: StateFile): state is ServicesState => (state as ServicesState).mode === 'services';

/** `foreign`: a valid file of a mode this module does not manage (docker: src/runtime/docker/state.ts). */
export type ReadStateResult = { state: StateFile } | { invalid: string } | { foreign: 'docker' };

/** The state file, or why it cannot be trusted (not JSON, wrong shape); undefined when absent. */
export function readState(dir: string): ReadStateResult | undefined {
  let text: string;
  try {
    text = fs.readFileSync(stateFile(dir), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A half-written or hand-mangled file is stale, not fatal.
    return { invalid: 'the state file is not valid JSON' };
  }
  const mode = (json as { mode?: unknown } | null)?.mode;
  // Docker mode shares the file; its own reader validates it, and it is never stale by pid.
  if (mode === 'docker') return { foreign: 'docker' };
  const services = mode === 'services';
  const parsed = services ? ServicesStateSchema.safeParse(json) : EmbeddedStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { invalid: `the state file has the wrong shape (${issue.path.join('.') || 'root'}: ${issue.message})` };
  }
  return { state: parsed.data as StateFile };
}

/** Temp file then rename, so a reader never sees half a state file. */
export function writeState(dir: string, state: StateFile): void {
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
  | { kind: 'stale'; state: { pid: number }; reason: string }
  | { kind: 'running'; state: StackState; answering: boolean }
  | { kind: 'services'; state: ServicesState; alive: ServiceComponent[] };

/**
 * What the state file is worth: nothing there, stale (cleaned here), or a live process. A live
 * pid that does not answer counts as running only if it still looks like reos; pids are reused.
 * A services stack is running while any of its components is alive and still runs its entry.
 */
export async function inspectState(dir: string): Promise<StateCheck> {
  const read = readState(dir);
  if (!read) return { kind: 'none' };
  const stale = (state: { pid: number }, reason: string): StateCheck => {
    removeState(dir);
    return { kind: 'stale', state, reason };
  };
  if ('foreign' in read) return { kind: 'none' };
  if ('invalid' in read) return stale({ pid: 0 }, read.invalid);
  const { state } = read;
  if (isServicesState(state)) {
    const alive = state.components.filter((c) => isAlive(c.pid) && runsEntry(c.pid, c.entry) !== false);
    const supervisor = state.supervisor_pid ?? state.components[0].pid;
    if (alive.length === 0) return stale({ pid: supervisor }, `none of its ${state.components.length} processes (${state.components.map((c) => `${c.name} pid ${c.pid}`).join(', ')}) is running`);
    return { kind: 'services', state, alive };
  }
  if (!isAlive(state.pid)) return stale(state, `process ${state.pid} is gone`);
  const live = await probe(state.url, '/healthz');
  if (live?.status === 200) return { kind: 'running', state, answering: true };
  if (looksLikeReos(state.pid) === false) return stale(state, `process ${state.pid} does not answer at ${state.url} and is not reos`);
  return { kind: 'running', state, answering: false };
}

/** On Linux, whether the pid's command line names `entry`; unknown elsewhere. */
export function runsEntry(pid: number, entry: string): boolean | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(entry);
  } catch {
    return process.platform === 'linux' ? false : undefined;
  }
}
