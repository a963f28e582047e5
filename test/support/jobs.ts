/**
 * Helpers for job tests: a worker over a test app's database and storage with fast timings,
 * waiting (bounded, by polling the database) for a job to reach a state, and `runDueJobs`,
 * which runs the jobs due now with the real runner, in the test's own flow (a test app has no
 * worker: what a route queued runs when the test says so).
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { StackConfig } from '../../stack/config.js';
import { createEventBus } from '../../stack/events/index.js';
import type { Database } from '../../stack/db/client.js';
import { jobs } from '../../stack/jobs/tables.js';
import { createLogger } from '../../stack/lib/logger.js';
import type { Mailer } from '../../stack/mail/mailer.js';
import { claimNextJob } from '../../stack/jobs/queue.js';
import { runClaimedJob } from '../../stack/jobs/runner.js';
import { registerBuiltInJobs } from '../../stack/jobs/handlers/index.js';
import type { ObjectStore } from '../../stack/storage/types.js';
import { startWorker, type Worker } from '../../stack/worker.js';

export const FAST_JOBS: StackConfig['jobs'] = { worker: 'off', concurrency: 2, pollMs: 20, leaseMs: 1000, maxAttempts: 3, backoffMs: 0 };

export interface JobHost {
  database: Database;
  config: StackConfig;
  storage: ObjectStore;
  mailer: Mailer;
}

export function testWorker(t: JobHost, jobsConfig: Partial<StackConfig['jobs']> = {}): Worker {
  const config = { ...t.config, jobs: { ...FAST_JOBS, ...jobsConfig } };
  const logger = createLogger({ level: 'silent' });
  const events = createEventBus({ db: t.database.db, logger, config });
  const worker = startWorker({ database: t.database, config, logger, events, storage: t.storage, mailer: t.mailer, shutdownTimeoutMs: 2_000 });
  return {
    ...worker,
    async close() {
      await worker.close();
      await events.close();
    },
  };
}

/** Polls the job's row until `done(row)` or the deadline (a bound, not a timing assertion). */
export async function waitForJob(database: Database, id: string, done: (row: typeof jobs.$inferSelect) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await database.db.select().from(jobs).where(eq(jobs.id, id));
    if (row && done(row)) return row;
    if (Date.now() > deadline) throw new Error(`job ${id} did not get there within ${timeoutMs} ms (state ${row?.state}, attempts ${row?.attempts}, last error ${row?.lastError})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface JobRun {
  id: string;
  type: string;
  attempt: number;
  outcome: 'completed' | 'failed' | 'dead' | 'lost';
}

/** A retry this far away is never due during a drain: the test decides when time has "passed". */
const DRAIN_BACKOFF_MS = 3_600_000;

/**
 * Runs every job due now, one at a time, with the real runner (handlers, retries, dead-letter,
 * job events), and returns what happened. A failed attempt's retry is scheduled an hour away so
 * it does not run again in the same drain: call `makeJobsDue` to let the backoff "elapse".
 */
export async function runDueJobs(t: JobHost): Promise<JobRun[]> {
  registerBuiltInJobs();
  const config = { ...t.config, jobs: { ...t.config.jobs, backoffMs: DRAIN_BACKOFF_MS } };
  const logger = createLogger({ level: 'silent' });
  const events = createEventBus({ db: t.database.db, logger, config });
  const deps = { database: t.database, config, logger, events, storage: t.storage, mailer: t.mailer, workerId: `test-drain-${crypto.randomUUID().slice(0, 8)}` };
  const runs: JobRun[] = [];
  try {
    for (let row = await claimNextJob(t.database.db, deps.workerId, config.jobs.leaseMs); row; row = await claimNextJob(t.database.db, deps.workerId, config.jobs.leaseMs)) {
      const outcome = await runClaimedJob(deps, row, new AbortController().signal);
      runs.push({ id: row.id, type: row.type, attempt: row.attempts, outcome });
    }
  } finally {
    await events.close();
  }
  return runs;
}

/** Makes every job waiting for a retry due now, as if its backoff had elapsed. */
export async function makeJobsDue(database: Database, ids?: string[]): Promise<void> {
  await database.db
    .update(jobs)
    .set({ runAt: sql`now()` })
    .where(ids ? inArray(jobs.id, ids) : inArray(jobs.state, ['queued', 'failed']));
}
