/**
 * `reos up --detach`: starts `reos up` (same flags) as a detached background process whose
 * stdout and stderr go to `<data dir>/logs/api.jsonl`, waits until GET /ready answers 200, then
 * records it in the state file. On a timeout or an early exit it kills the child and fails
 * with the last log lines, so the operator sees why without opening a file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, ReosError } from '../../errors.js';
import type { UpFlags } from '../up-config.js';
import { inspectState, logDir, probe, writeState, type StackState } from './state.js';
import { terminate } from './stop.js';

export interface DetachOptions {
  flags: UpFlags;
  /** The resolved data directory: state.json and logs/ live there, even with --ephemeral. */
  dataDir: string;
  version: string;
  timeoutMs: number;
  /** The CLI entry point to re-run (process.argv[1]). */
  bin: string;
}

export type DetachResult = StackState & { already_running: boolean };

const TAIL_LINES = 20;
/** As runtime/up.ts STOP_SIGNALS; not imported from there, which would load the whole stack. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function startDetached(options: DetachOptions): Promise<DetachResult> {
  const existing = await inspectState(options.dataDir);
  if (existing.kind === 'running') return { ...existing.state, already_running: true };
  if (existing.kind === 'services') {
    throw new ReosError(`reos is already running in services mode (${existing.alive.map((c) => `${c.name} pid ${c.pid}`).join(', ')}).`, {
      hint: 'Stop it with `reos down` first, or use another --data-dir.',
      exitCode: EXIT.unreachable,
      code: 'ALREADY_RUNNING',
    });
  }
  const logFile = path.join(logDir(options.dataDir), 'api.jsonl');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const offset = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const child = spawnUp(options, logFile);
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? -1));
  // Ctrl+C while waiting must not leave an unrecorded stack behind.
  let interrupted = false;
  const onSignal = () => (interrupted = true);
  for (const name of STOP_SIGNALS) process.once(name, onSignal);
  try {
    const ready = await waitReady({ logFile, offset, deadline: Date.now() + options.timeoutMs, stop: () => exitCode !== null || interrupted });
    if (ready) {
      child.unref();
      const state = toState(options, child.pid!, ready, logFile);
      writeState(options.dataDir, state);
      return { ...state, already_running: false };
    }
  } finally {
    for (const name of STOP_SIGNALS) process.off(name, onSignal);
  }
  // Read before terminating: the child's own exit would then look like an early exit.
  const why = interrupted
    ? 'was interrupted'
    : exitCode === null
      ? `did not become ready within ${options.timeoutMs / 1000} s`
      : `exited with code ${exitCode} before it was ready`;
  if (exitCode === null) await terminate(child.pid!, 5_000);
  throw new ReosError(`The background stack ${why}. Last log lines (${logFile}):\n${tailLines(logFile, offset, TAIL_LINES) || '  (empty)'}`, {
    hint: 'Fix the cause above, or run `reos up` in the foreground to watch it start.',
    exitCode: EXIT.unreachable,
    code: 'DETACH_FAILED',
  });
}

type ReadyLine = { url: string; database: 'pglite' | 'postgres'; location: string };

/** Polls for the "stack ready" log line, then GET /ready, until 200, the deadline, or `stop()`. */
async function waitReady(options: { logFile: string; offset: number; deadline: number; stop(): boolean }): Promise<ReadyLine | undefined> {
  while (Date.now() < options.deadline && !options.stop()) {
    const ready = readyLine(options.logFile, options.offset);
    if (ready && (await probe(ready.url, '/ready'))?.status === 200) return ready;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return undefined;
}

function toState(options: DetachOptions, pid: number, ready: ReadyLine, logFile: string): StackState {
  return {
    pid,
    url: ready.url,
    port: Number(new URL(ready.url).port),
    data_dir: options.dataDir,
    ephemeral: Boolean(options.flags.ephemeral),
    database: { kind: ready.database, location: ready.location },
    started_at: new Date().toISOString(),
    version: options.version,
    log_file: logFile,
  };
}

/** The same `reos up`, minus --detach; a database URL travels in the environment, not in `ps`. */
function spawnUp(options: DetachOptions, logFile: string): ChildProcess {
  const { flags } = options;
  const args = ['up', '--data-dir', options.dataDir];
  if (flags.port !== undefined) args.push('--port', String(flags.port));
  if (flags.host) args.push('--host', flags.host);
  if (flags.ephemeral) args.push('--ephemeral');
  if (flags.logLevel) args.push('--log-level', flags.logLevel);
  if (flags.mailSmtpPort !== undefined) args.push('--mail-smtp-port', String(flags.mailSmtpPort));
  if (flags.mailHttpPort !== undefined) args.push('--mail-http-port', String(flags.mailHttpPort));
  const env = { ...process.env, ...(flags.databaseUrl ? { DATABASE_URL: flags.databaseUrl } : {}) };
  const fd = fs.openSync(logFile, 'a');
  try {
    return spawn(process.execPath, [options.bin, ...args], { detached: true, stdio: ['ignore', fd, fd], env });
  } finally {
    fs.closeSync(fd);
  }
}

/** The API's own "stack ready" log line: the URL it really listens on (port 0 included). */
function readyLine(logFile: string, offset: number): ReadyLine | undefined {
  for (const line of newLines(logFile, offset)) {
    if (!line.includes('"stack ready"')) continue;
    try {
      return JSON.parse(line) as ReadyLine;
    } catch {
      // not a log line
    }
  }
  return undefined;
}

function newLines(logFile: string, offset: number): string[] {
  try {
    return fs.readFileSync(logFile).subarray(offset).toString('utf8').split('\n');
  } catch {
    return [];
  }
}

function tailLines(logFile: string, offset: number, count: number): string {
  return newLines(logFile, offset)
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .map((line) => `  ${line}`)
    .join('\n');
}

export function formatDetached(result: DetachResult): string {
  if (result.already_running) return `reos is already running at ${result.url} (pid ${result.pid}). Stop it with \`reos down\`.`;
  return [
    `reos ${result.version} is up in the background at ${result.url} (pid ${result.pid})`,
    `  Database  ${result.database.kind} ${result.database.location}`,
    `  Logs      ${result.log_file}  (reos logs --follow)`,
    'Check it with `reos status`; stop it with `reos down`.',
  ].join('\n');
}
