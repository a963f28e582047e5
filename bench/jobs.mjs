#!/usr/bin/env node
/**
 * Job queue benchmark (issue 5). Not a test: prints a table and writes bench/results/jobs-*.json.
 *
 *   node --import tsx bench/jobs.mjs [--jobs 500] [--concurrency 4] [--pg-url postgres://postgres@127.0.0.1:5432/test]
 *
 * For each backend (embedded PGlite in memory; PostgreSQL in a fresh database dropped
 * afterwards): registers a no-op job type, starts one worker (startWorker, in this process,
 * JOBS_CONCURRENCY workers' slots, poll 20 ms), enqueues N jobs as fast as the database takes
 * them, and waits until all are completed. Reports throughput (jobs completed per second, from
 * the first enqueue to the last completion) and the enqueue-to-complete latency of each job
 * (completed_at - created_at, from the database clock) as p50 / p99. A second run enqueues the
 * jobs one at a time, waiting for each (latency with an idle worker: the wake-up path).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { loadStackConfig } from '../stack/config.ts';
import { openDatabase } from '../stack/db/client.ts';
import { teams } from '../stack/db/schema.ts';
import { createEventBus } from '../stack/events/index.ts';
import { enqueueJob } from '../stack/jobs/queue.ts';
import { registerJobHandler } from '../stack/jobs/registry.ts';
import { jobs } from '../stack/jobs/tables.ts';
import { createLogger } from '../stack/lib/logger.ts';
import { createFsStore } from '../stack/storage/index.ts';
import { startWorker } from '../stack/worker.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    'pg-url': { type: 'string', default: process.env.REOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const N = Number(values.jobs);
const concurrency = Number(values.concurrency);

registerJobHandler('bench.noop', async () => ({ ok: true }));

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function waitAll(db, teamId, count) {
  for (;;) {
    const [{ done }] = await db.select({ done: sql`count(*)::int` }).from(jobs).where(sql`${jobs.teamId} = ${teamId} and ${jobs.state} = 'completed'`);
    if (done >= count) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function latencies(db, teamId) {
  const rows = await db
    .select({ ms: sql`extract(epoch from (${jobs.finishedAt} - ${jobs.createdAt})) * 1000` })
    .from(jobs)
    .where(eq(jobs.teamId, teamId));
  return rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
}

async function runBackend(name, database) {
  const config = { ...loadStackConfig({ LOG_LEVEL: 'silent' }, 'bench'), jobs: { worker: 'off', concurrency, pollMs: 20, leaseMs: 30_000, maxAttempts: 3, backoffMs: 1000 } };
  const logger = createLogger({ level: 'silent' });
  const events = createEventBus({ db: database.db, logger, config });
  const storage = createFsStore({ root: path.join(process.cwd(), '.reos-bench-files'), removeOnClose: true });
  const worker = startWorker({ database, config, logger, events, storage });
  const out = { backend: name };
  try {
    // Burst: N jobs enqueued back to back.
    const burstTeam = crypto.randomUUID();
    await database.db.insert(teams).values({ id: burstTeam, name: 'bench burst' });
    const began = performance.now();
    for (let i = 0; i < N; i++) await enqueueJob(database.db, { teamId: burstTeam, type: 'bench.noop', payload: { i }, maxAttempts: 3 });
    const enqueuedMs = performance.now() - began;
    await waitAll(database.db, burstTeam, N);
    const totalMs = performance.now() - began;
    const burst = await latencies(database.db, burstTeam);
    Object.assign(out, {
      jobs: N,
      enqueue_per_s: Math.round(N / (enqueuedMs / 1000)),
      jobs_per_s: Math.round(N / (totalMs / 1000)),
      burst_p50_ms: Math.round(pct(burst, 50)),
      burst_p99_ms: Math.round(pct(burst, 99)),
    });
    // One at a time: the latency an idle worker gives a single job.
    const soloTeam = crypto.randomUUID();
    await database.db.insert(teams).values({ id: soloTeam, name: 'bench solo' });
    const solo = Math.min(100, N);
    for (let i = 0; i < solo; i++) {
      await enqueueJob(database.db, { teamId: soloTeam, type: 'bench.noop', payload: { i }, maxAttempts: 3 });
      await waitAll(database.db, soloTeam, i + 1);
    }
    const single = await latencies(database.db, soloTeam);
    Object.assign(out, { single_p50_ms: Math.round(pct(single, 50)), single_p99_ms: Math.round(pct(single, 99)) });
  } finally {
    await worker.close();
    await events.close();
    await storage.close();
  }
  return out;
}

const results = [];
{
  const database = await openDatabase({ ephemeral: true });
  try {
    results.push(await runBackend('pglite (memory)', database));
  } finally {
    await database.close();
  }
}
{
  const name = `reos_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: values['pg-url'] });
  let reachable = true;
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    reachable = false;
    console.warn(`PostgreSQL skipped: ${error.message}`);
  }
  if (reachable) {
    const url = new URL(values['pg-url']);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: concurrency + 4 });
    try {
      results.push(await runBackend('postgresql 15', database));
    } finally {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
    }
  }
  await admin.end().catch(() => undefined);
}

console.log(`\nJob queue: ${N} no-op jobs, worker concurrency ${concurrency}, poll 20 ms (node ${process.version}, ${os_cpus()} CPUs)\n`);
console.table(results);
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `jobs-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, `${JSON.stringify({ jobs: N, concurrency, results }, null, 2)}\n`);
console.log(`written ${path.relative(process.cwd(), file)}`);

function os_cpus() {
  return (globalThis.navigator?.hardwareConcurrency ?? 'unknown');
}
