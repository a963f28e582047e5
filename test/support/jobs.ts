/**
 * Helpers for job tests: a worker over a test app's database and storage with fast timings,
 * and waiting (bounded, by polling the database) for a job to reach a state.
 */
import { eq } from 'drizzle-orm';
import type { StackConfig } from '../../stack/config.js';
import { createEventBus } from '../../stack/events/index.js';
import type { Database } from '../../stack/db/client.js';
import { jobs } from '../../stack/jobs/tables.js';
import { createLogger } from '../../stack/lib/logger.js';
import type { ObjectStore } from '../../stack/storage/types.js';
import { startWorker, type Worker } from '../../stack/worker.js';

export const FAST_JOBS: StackConfig['jobs'] = { worker: 'off', concurrency: 2, pollMs: 20, leaseMs: 1000, maxAttempts: 3, backoffMs: 0 };

export function testWorker(t: { database: Database; config: StackConfig; storage: ObjectStore }, jobsConfig: Partial<StackConfig['jobs']> = {}): Worker {
  const config = { ...t.config, jobs: { ...FAST_JOBS, ...jobsConfig } };
  const logger = createLogger({ level: 'silent' });
  const events = createEventBus({ db: t.database.db, logger, config });
  const worker = startWorker({ database: t.database, config, logger, events, storage: t.storage, shutdownTimeoutMs: 2_000 });
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
