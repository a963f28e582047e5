/**
 * Issue 5's crash-safety requirement, on PostgreSQL: a worker process is SIGKILLed in the middle
 * of a job; a new worker process starts; the job completes exactly once (one side-effect row),
 * on its second attempt, after the dead worker's lease ran out. PGlite lives inside one process,
 * so this test is for the PostgreSQL backend only (the api:postgres project).
 */
import { execa, type ResultPromise } from 'execa';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../stack/db/client.js';
import { teams } from '../../stack/db/schema.js';
import { enqueueJob } from '../../stack/jobs/queue.js';
import { jobs } from '../../stack/jobs/tables.js';
import { backend, createPgDatabase } from '../support/backend.js';
import { waitForJob } from '../support/jobs.js';

type Child = ResultPromise<{ env: Record<string, string>; extendEnv: true; reject: false }>;

function spawnWorker(url: string, holdMs: number): Child {
  return execa('node', ['--import', 'tsx', 'test/support/job-worker-child.ts'], {
    env: { DATABASE_URL: url, HOLD_MS: String(holdMs), JOBS_LEASE_MS: '1500', JOBS_POLL_MS: '50', JOBS_BACKOFF_MS: '0', JOBS_CONCURRENCY: '1' },
    extendEnv: true,
    reject: false,
  }) as Child;
}

/** Resolves with the first stdout JSON line that has `key`. */
function lineWith(child: Child, key: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (key in parsed) resolve(parsed);
        } catch {
          // a partial or non-JSON line
        }
      }
    });
    void child.then((r) => reject(new Error(`worker exited (${r.exitCode ?? r.signal}) before printing ${key}: ${r.stderr}`)));
  });
}

describe.skipIf(backend !== 'postgres')('a killed job worker loses no job (PostgreSQL)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let url: string;
  const children: Child[] = [];

  beforeAll(async () => {
    const created = await createPgDatabase();
    url = created.url;
    drop = created.drop;
    database = await openDatabase({ databaseUrl: url, poolSize: 3 });
    await database.db.execute(sql`create table crash_effects (job_id text not null, pid int not null)`);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.catch(() => undefined)));
    await database?.close();
    await drop?.();
  });

  it('completes the job exactly once after its worker is SIGKILLed mid-job', async () => {
    const teamId = crypto.randomUUID();
    await database.db.insert(teams).values({ id: teamId, name: 'Crash team' });
    const job = await enqueueJob(database.db, { teamId, type: 'test.crash-safe', payload: {}, maxAttempts: 3 });

    const first = spawnWorker(url, 600_000);
    children.push(first);
    const started = await lineWith(first, 'started');
    expect(started.started).toBe(job.id);
    first.kill('SIGKILL');
    const killed = await first;
    expect(killed.signal).toBe('SIGKILL');
    const [orphaned] = await database.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(orphaned).toMatchObject({ state: 'running', attempts: 1 });

    const second = spawnWorker(url, 0);
    children.push(second);
    await lineWith(second, 'ready');
    const done = await waitForJob(database, job.id, (r) => r.state === 'completed', 60_000);
    expect(done.attempts).toBe(2);
    expect(done.result).toEqual({ pid: second.pid });

    const effects = (await database.db.execute(sql`select job_id, pid from crash_effects`)) as unknown as { rows: unknown[] };
    expect(effects.rows).toEqual([{ job_id: job.id, pid: second.pid }]);

    second.kill('SIGTERM');
    expect((await second).exitCode).toBe(0);
  });
});
