/**
 * `reos down`: stops the process the state file names. SIGTERM lets `reos up` drain and close
 * the database; after the timeout SIGKILL ends it anyway. The state file goes in every case.
 */
import { inspectState, isAlive, removeState } from './state.js';

export interface StopResult {
  stopped: boolean;
  pid?: number;
  url?: string;
  /** `sigterm` exited in time, `sigkill` had to be forced. */
  how?: 'sigterm' | 'sigkill';
  stale?: { pid: number; reason: string; cleaned: true };
}

export async function stopStack(dataDir: string, timeoutMs: number): Promise<StopResult> {
  const check = await inspectState(dataDir);
  if (check.kind === 'none') return { stopped: false };
  if (check.kind === 'stale') return { stopped: false, stale: { pid: check.state.pid, reason: check.reason, cleaned: true } };
  const { pid, url } = check.state;
  const how = await terminate(pid, timeoutMs);
  removeState(dataDir);
  return { stopped: true, pid, url, how };
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
  if (result.stopped) lines.push(`Stopped reos at ${result.url} (pid ${result.pid}${result.how === 'sigkill' ? ', forced with SIGKILL' : ''}).`);
  else if (!result.stale) lines.push('Nothing is running.');
  return lines.join('\n');
}
