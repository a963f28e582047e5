/**
 * The job worker: claims due jobs (up to `JOBS_CONCURRENCY` at once), runs them through
 * `runClaimedJob`, and sleeps `JOBS_POLL_MS` when the queue is empty (an enqueue in this
 * process wakes it at once). Runs inside the API process (`JOBS_WORKER=inline`) or alone
 * (`worker-main.ts`). `close()` stops claiming, waits for running jobs up to a timeout, then
 * releases their leases so another worker takes them at once.
 *
 * @example
 * const worker = startWorker({ database, config, logger, events, storage, mailer });
 * // ... later
 * await worker.close();
 */
import os from 'node:os';
import type { Logger } from 'pino';
import type { StackConfig } from './config.js';
import type { Database } from './db/client.js';
import type { EventBus } from './events/types.js';
import type { Mailer } from './mail/mailer.js';
import { registerBuiltInJobs } from './jobs/handlers/index.js';
import { claimNextJob, queueSignals, releaseJob, type JobRow } from './jobs/queue.js';
import { runClaimedJob } from './jobs/runner.js';
import type { ObjectStore } from './storage/types.js';

export interface WorkerOptions {
  database: Database;
  config: StackConfig;
  logger: Logger;
  events: EventBus;
  storage: ObjectStore;
  /** What mail-sending jobs (campaign.deliver, the password-reset mail) send through; the caller owns and closes it. */
  mailer: Mailer;
  /** How long `close()` waits for running jobs before releasing their leases (10 s). */
  shutdownTimeoutMs?: number;
}

export interface Worker {
  readonly id: string;
  /** Jobs running now. */
  running(): number;
  close(): Promise<void>;
}

export function startWorker(options: WorkerOptions): Worker {
  registerBuiltInJobs();
  const { database, config } = options;
  const id = `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const logger = options.logger.child({ component: 'worker', worker: id });
  const shutdown = new AbortController();
  const inFlight = new Map<string, { row: JobRow; done: Promise<unknown> }>();
  let stopping = false;
  let wake: (() => void) | undefined;
  const onEnqueued = () => wake?.();
  queueSignals.on('enqueued', onEnqueued);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function loop(): Promise<void> {
    while (!stopping) {
      if (inFlight.size >= config.jobs.concurrency) {
        await Promise.race([...inFlight.values()].map((j) => j.done));
        continue;
      }
      let row: JobRow | undefined;
      try {
        row = await claimNextJob(database.db, id, config.jobs.leaseMs);
      } catch (error) {
        if (stopping) break;
        // The driver's error carries the whole query; the cause says what is wrong ("relation jobs does not exist").
        const cause = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
        logger.warn({ error: cause, hint: /does not exist/.test(cause) ? 'migrations have not run yet: start the API or run `reos db migrate`' : undefined }, 'could not claim a job; retrying');
        await sleep(config.jobs.pollMs * 4);
        continue;
      }
      if (!row) {
        await sleep(config.jobs.pollMs);
        continue;
      }
      const claimed = row;
      const done = runClaimedJob({ ...options, logger, workerId: id }, claimed, shutdown.signal)
        .catch((error: unknown) => logger.error({ err: error, job_id: claimed.id }, 'job outcome not recorded; its lease will expire and it will run again'))
        .finally(() => inFlight.delete(claimed.id));
      inFlight.set(claimed.id, { row: claimed, done });
    }
  }

  const looping = loop();
  logger.info({ concurrency: config.jobs.concurrency, lease_ms: config.jobs.leaseMs }, 'worker started');
  let closing: Promise<void> | undefined;
  return {
    id,
    running: () => inFlight.size,
    close() {
      closing ??= (async () => {
        stopping = true;
        queueSignals.off('enqueued', onEnqueued);
        wake?.();
        await looping;
        const waitMs = options.shutdownTimeoutMs ?? 10_000;
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), waitMs)));
        const outcome = await Promise.race([Promise.all([...inFlight.values()].map((j) => j.done)), timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          const left = [...inFlight.values()];
          shutdown.abort();
          await Promise.all(left.map((j) => releaseJob(database.db, j.row.id, id).catch((error: unknown) => logger.warn({ err: error, job_id: j.row.id }, 'lease not released; it will expire'))));
          logger.warn({ released: left.map((j) => j.row.id) }, 'worker stopped before its jobs finished; leases released');
        }
        logger.info('worker stopped');
      })();
      return closing;
    },
  };
}
