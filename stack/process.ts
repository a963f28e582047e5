/**
 * The API as a plain process, configured by its environment alone: read StackConfig, start the
 * stack, log JSON lines to stdout, and close gracefully on SIGTERM / SIGINT (a second signal
 * exits at once). `stack/main.ts` runs it as the API replica entry (`reos up --services`, the
 * Docker image); tests reuse it with a hook. Nothing here imports the CLI.
 *
 * Environment beyond StackConfig's: REOS_MIGRATE=false skips migrations on start (the
 * supervisor of N replicas migrates once before starting them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStackConfig, type StackConfig } from './config.js';
import { createLogger } from './lib/logger.js';
import { startStack, type RunningStack } from './server.js';

export interface StackProcessOptions {
  env?: Record<string, string | undefined>;
  /** Overrides on top of the environment's configuration (tests: port 0). */
  overrides?: Partial<StackConfig>;
  onReady?(stack: RunningStack): void;
}

/** The version in reos' package.json, found upward from this module (src or dist). */
export function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
    if (path.dirname(dir) === dir) return '0.0.0';
    dir = path.dirname(dir);
  }
}

export async function runStackProcess(options: StackProcessOptions = {}): Promise<RunningStack | undefined> {
  const env = options.env ?? process.env;
  let stack: RunningStack;
  try {
    const config = { ...loadStackConfig(env, packageVersion()), ...options.overrides };
    stack = await startStack({ config, processMetrics: true, migrate: (env.REOS_MIGRATE ?? '').toLowerCase() !== 'false' });
  } catch (error) {
    // One fatal JSON line a supervisor can show (message, hint, code), never a stack trace.
    const { code, hint } = error as { code?: string; hint?: string };
    createLogger({ level: 'info' }).fatal({ code, hint }, `the API could not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return undefined;
  }
  options.onReady?.(stack);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    stack.logger.info({ signal }, 'stopping');
    void stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        stack.logger.error({ err: error }, 'did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return stack;
}
