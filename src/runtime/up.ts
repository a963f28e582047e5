/**
 * Runs the stack in the foreground until SIGINT, SIGTERM or SIGHUP. The first signal closes
 * it gracefully (stop accepting, drain, close the database, release the data-dir lock); a
 * second one during that shutdown exits at once with code 1. A signal that arrives while the
 * stack is still starting is honoured as soon as it is up, so the lock is never left behind.
 */
import type { DestinationStream } from 'pino';
import type { StackConfig } from '../../stack/config.js';
import { startStack, type RunningStack } from '../../stack/server.js';
import { migrationStatus } from '../../stack/db/migrate.js';
import { EXIT, ReosError } from '../errors.js';
import { explainDataDirError } from './database-target.js';
import { newerSchemaError } from './db.js';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type StopSignal = (typeof STOP_SIGNALS)[number];

export interface ForegroundOptions {
  config: StackConfig;
  /** Where the API's JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
  onReady(stack: RunningStack): void;
  /** Told what the operator should know (warnings, each stage of the shutdown). */
  onNotice?(message: string): void;
}

export interface ForegroundResult {
  signal: StopSignal;
}

export async function runForeground(options: ForegroundOptions): Promise<ForegroundResult> {
  const notice = options.onNotice ?? (() => undefined);
  let received: StopSignal | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (signal: StopSignal) => {
    if (received) {
      notice(`Received ${signal} again: exiting now without a clean shutdown.`);
      process.exit(EXIT.failed);
    }
    received = signal;
    notice(`Received ${signal}: stopping (press Ctrl+C again to force).`);
    wake?.();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const stack = await start(options);
    await warnIfNewerSchema(stack, notice);
    if (!received) {
      options.onReady(stack);
      await new Promise<void>((resolve) => (wake = resolve));
    }
    await stack.close();
    notice('Stopped.');
    return { signal: received! };
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}

/** Drizzle's migrator silently skips a schema from a newer reos; the operator should know. */
async function warnIfNewerSchema(stack: RunningStack, notice: (message: string) => void): Promise<void> {
  const status = await migrationStatus(stack.database).catch(() => undefined);
  if (status && status.unknown > 0) {
    const error = newerSchemaError(status);
    notice(`Warning: ${error.message}\n  Hint: ${error.hint}`);
  }
}

async function start(options: ForegroundOptions): Promise<RunningStack> {
  const { config } = options;
  try {
    return await startStack({ config, logDestination: options.logDestination, processMetrics: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new ReosError(`Cannot listen on host ${config.host}: it is not an address of this machine (${code}).`, {
        hint: 'Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).',
        exitCode: EXIT.unreachable,
        code: 'BAD_HOST',
        cause: error,
      });
    }
    throw explainDataDirError(error, config.dataDir);
  }
}
