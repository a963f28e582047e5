/**
 * `reos down`: stops what the state file names. SIGTERM lets each process drain and close the
 * database; after the timeout SIGKILL ends it anyway. A services stack stops its foreground
 * supervisor first (it stops its children), then every component still alive, in parallel.
 * The state file goes in every case.
 */
import { inspectState, isAlive, removeState, runsEntry, type ServiceComponent } from './state.js';

export interface StopResult {
  stopped: boolean;
  pid?: number;
  url?: string;
  /** `sigterm` exited in time, `sigkill` had to be forced. */
  how?: 'sigterm' | 'sigkill';
  /** Services mode: each component and how it ended. */
  components?: { name: string; pid: number; how: 'sigterm' | 'sigkill' | 'not running' }[];
  stale?: { pid: number; reason: string; cleaned: true };
}

export async function stopStack(dataDir: string, timeoutMs: number): Promise<StopResult> {
  const check = await inspectState(dataDir);
  if (check.kind === 'none') return { stopped: false };
  if (check.kind === 'stale') return { stopped: false, stale: { pid: check.state.pid, reason: check.reason, cleaned: true } };
  if (check.kind === 'services') {
    const { supervisor_pid: supervisor } = check.state;
    if (supervisor && isAlive(supervisor) && runsEntry(supervisor, 'up') !== false) await terminate(supervisor, timeoutMs);
    const components = await stopComponents(check.state.components, timeoutMs);
    removeState(dataDir);
    const how = components.some((c) => c.how === 'sigkill') ? 'sigkill' : 'sigterm';
    return { stopped: true, url: check.state.components[0].url, how, components };
  }
  const { pid, url } = check.state;
  const how = await terminate(pid, timeoutMs);
  removeState(dataDir);
  return { stopped: true, pid, url, how };
}

/** Stops every component still running its own entry (a reused pid is left alone). */
export async function stopComponents(components: ServiceComponent[], timeoutMs: number): Promise<NonNullable<StopResult['components']>> {
  return Promise.all(
    components.map(async (c) => {
      const ours = isAlive(c.pid) && runsEntry(c.pid, c.entry) !== false;
      return { name: c.name, pid: c.pid, how: ours ? await terminate(c.pid, timeoutMs) : ('not running' as const) };
    }),
  );
}

/** SIGTERM, then SIGKILL if the process is still there after `timeoutMs`. */
export async function terminate(pid: number, timeoutMs: number): Promise<'sigterm' | 'sigkill'> {
  signal(pid, 'SIGTERM');
  if (await exitedWithin(pid, timeoutMs)) return 'sigterm';
  signal(pid, 'SIGKILL');
  await exitedWithin(pid, 5_000);
  return 'sigkill';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function exitedWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export function formatStop(result: StopResult): string {
  const lines: string[] = [];
  if (result.stale) lines.push(`Removed a stale state file: ${result.stale.reason}.`);
  if (result.components) {
    for (const c of result.components) lines.push(`Stopped ${c.name} (pid ${c.pid}${c.how === 'sigkill' ? ', forced with SIGKILL' : c.how === 'not running' ? ', already gone' : ''}).`);
  } else if (result.stopped) lines.push(`Stopped reos at ${result.url} (pid ${result.pid}${result.how === 'sigkill' ? ', forced with SIGKILL' : ''}).`);
  else if (!result.stale) lines.push('Nothing is running.');
  return lines.join('\n');
}
