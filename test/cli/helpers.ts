/**
 * Runs the built CLI (`node bin/run.js`) as a user would: a clean environment (no DATABASE_URL
 * or REOS_* leaking in from the developer's shell), a temporary cwd and PGlite template cache,
 * and a registry of spawned processes so every test file can kill what it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'run.js');

if (!fs.existsSync(path.join(root, 'dist', 'src', 'commands', 'up.js'))) {
  throw new Error('The CLI is not built: run `npm run build` before the CLI tests.');
}

/**
 * Generous bounds, not performance claims: they only stop a hung test. A CLI run costs oclif's
 * start-up, a stack run PGlite's initdb on first use, and CI machines can be heavily loaded.
 */
export const CLI_TIMEOUT = 60_000;
export const STACK_TIMEOUT = 180_000;

const LEAKY = /^(DATABASE_URL|REDIS_URL|REDIS_KEY_PREFIX|PORT|LOG_LEVEL|MOCK_MODE|JWT_.*|REOS_.*|.*_TTL_SECONDS|MAX_BODY_BYTES)$/;

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (and its output is complete). */
  exited: Promise<RunResult>;
}

const running = new Set<ChildProcess>();
const temps: string[] = [];

export function tempDir(prefix = 'reos-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** One template cache per test file: the first embedded start pays initdb, the rest load it. */
let cacheDir: string | undefined;

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!LEAKY.test(name)) env[name] = value;
  cacheDir ??= tempDir('reos-cache-');
  // The mail catcher on free ports: test files run in parallel and a developer's `reos up` may hold 1025/8025.
  return { ...env, REOS_CACHE_DIR: cacheDir, NO_COLOR: '1', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', ...extra };
}

export function spawnReos(args: string[], options: RunOptions = {}): Spawned {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? tempDir(),
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<RunResult>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs a command to completion. A command that hangs is killed by the test's cleanup. */
export function runReos(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return spawnReos(args, options).exited;
}

/** Polls GET <url>/ready until 200; fails at once if the process exits first. */
export async function waitReady(url: string, proc: Spawned, attempts = 1200): Promise<void> {
  let exited: RunResult | undefined;
  void proc.exited.then((result) => (exited = result));
  for (let i = 0; i < attempts; i++) {
    if (exited) throw new Error(`reos exited (code ${exited.code}) before it was ready:\n${exited.stderr}`);
    try {
      const response = await fetch(`${url}/ready`);
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`reos did not become ready at ${url} after ${attempts} attempts:\n${proc.stderr()}`);
}

/** A port nothing listens on right now (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** For afterEach: SIGKILL anything a test left running. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** For afterAll: remove the temporary folders (cwds, data dirs, the template cache). */
export function removeTemps(): void {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  cacheDir = undefined;
}

/** Oclif and reos print errors without stack frames; a frame line means a crash leaked out. */
export const STACK_FRAME = /^\s{4}at /m;
