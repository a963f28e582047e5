/**
 * A standalone worker process (the real `startWorkerProcess`) with one extra job type for the
 * crash test: `test.crash-safe` prints `{"started": <job id>}` on stdout, holds for HOLD_MS,
 * then records its side effect (a row in crash_effects). Killed during the hold, it leaves none.
 */
import { sql } from 'drizzle-orm';
import { registerJobHandler } from '../../stack/jobs/index.js';
import { startWorkerProcess } from '../../stack/worker-process.js';

const holdMs = Number(process.env.HOLD_MS ?? 0);

registerJobHandler('test.crash-safe', async ({ job, db, signal }) => {
  process.stdout.write(`${JSON.stringify({ started: job.id, attempt: job.attempt, pid: process.pid })}\n`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, holdMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
  await db.execute(sql`insert into crash_effects (job_id, pid) values (${job.id}, ${process.pid})`);
  return { pid: process.pid };
});

const running = await startWorkerProcess({ ...process.env, LOG_LEVEL: 'silent' }, 'test');
process.stdout.write(`${JSON.stringify({ ready: running.worker.id })}\n`);
process.once('SIGTERM', () => void running.stop().then(() => process.exit(0)));
