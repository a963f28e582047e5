/**
 * The queue's statements. Every transition is one UPDATE guarded by the state it leaves (and,
 * for a running job, by the worker holding its lease), so concurrent workers, cancels and
 * replays can never both win: a worker whose lease expired and was taken over finds its
 * completion refused and its side effects are the only ones it may have to answer for.
 */
import { EventEmitter } from 'node:events';
import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { ProblemError } from '../lib/problem.js';
import { notFoundInTeam } from '../lib/team-scope.js';
import { isStorableText } from '../lib/text.js';
import { retryDelayMs } from './backoff.js';
import { jobs, type JobState } from './tables.js';

export type JobRow = typeof jobs.$inferSelect;

/** Wakes the workers of this process when a job is enqueued here (others poll). */
export const queueSignals = new EventEmitter();
queueSignals.setMaxListeners(0);

export const ACTIVE_STATES: JobState[] = ['queued', 'running', 'failed'];
export const FINISHED_STATES: JobState[] = ['completed', 'dead', 'cancelled', 'archived'];

const leaseUntil = (leaseMs: number) => sql`now() + (${leaseMs}::int * interval '1 millisecond')`;

export interface EnqueueInput {
  teamId: string;
  createdBy?: string | null;
  type: string;
  payload: Record<string, unknown>;
  maxAttempts: number;
  /** Not before this moment (now by default). */
  runAt?: Date;
}

/**
 * Inserts a job without waking anyone: for a caller inside a transaction (the job commits with
 * the rows it is about), who calls `wakeWorkers()` once the transaction has committed; a worker
 * woken before the commit would find nothing and sleep a whole poll interval.
 */
export async function insertJob(db: Db, input: EnqueueInput): Promise<JobRow> {
  const [row] = await db
    .insert(jobs)
    .values({ id: crypto.randomUUID(), teamId: input.teamId, createdBy: input.createdBy ?? null, type: input.type, payload: input.payload, maxAttempts: input.maxAttempts, ...(input.runAt ? { runAt: input.runAt } : {}) })
    .returning();
  return row;
}

/** Tells this process's workers that a committed job is waiting (workers elsewhere poll). */
export function wakeWorkers(): void {
  queueSignals.emit('enqueued');
}

export async function enqueueJob(db: Db, input: EnqueueInput): Promise<JobRow> {
  const row = await insertJob(db, input);
  wakeWorkers();
  return row;
}

/**
 * Claims the oldest due job, or one whose lease ran out, for `workerId`: one statement, so two
 * workers never claim the same job (`FOR UPDATE SKIP LOCKED` passes over a row another is claiming).
 */
export async function claimNextJob(db: Db, workerId: string, leaseMs: number): Promise<JobRow | undefined> {
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      or(
        and(inArray(jobs.state, ['queued', 'failed']), lte(jobs.runAt, sql`now()`)),
        and(eq(jobs.state, 'running'), lt(jobs.lockedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(jobs.runAt))
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await db
    .update(jobs)
    .set({
      state: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: workerId,
      lockedUntil: leaseUntil(leaseMs),
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
      updatedAt: sql`now()`,
    })
    .where(inArray(jobs.id, due))
    .returning();
  return row;
}

const heldBy = (id: string, workerId: string) => and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.lockedBy, workerId));

/** Extends the lease; false when the worker no longer holds the job (cancelled, or taken over). */
export async function renewLease(db: Db, id: string, workerId: string, leaseMs: number): Promise<boolean> {
  const rows = await db.update(jobs).set({ lockedUntil: leaseUntil(leaseMs) }).where(heldBy(id, workerId)).returning({ id: jobs.id });
  return rows.length > 0;
}

export async function completeJob(db: Db, id: string, workerId: string, result: unknown): Promise<JobRow | undefined> {
  const [row] = await db
    .update(jobs)
    .set({ state: 'completed', result: (result ?? null) as never, lockedBy: null, lockedUntil: null, lastError: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(heldBy(id, workerId))
    .returning();
  return row;
}

/** Records a failed attempt: a retry after the backoff, or the dead-letter list when none is left. */
export async function failJob(
  db: Db,
  job: Pick<JobRow, 'id' | 'attempts' | 'maxAttempts'>,
  workerId: string,
  failure: { message: string; permanent?: boolean; backoffMs: number },
): Promise<JobRow | undefined> {
  const dead = failure.permanent || job.attempts >= job.maxAttempts;
  const delay = dead ? 0 : retryDelayMs(job.attempts, failure.backoffMs);
  const [row] = await db
    .update(jobs)
    .set({
      state: dead ? 'dead' : 'failed',
      lastError: failure.message.slice(0, 2000),
      lockedBy: null,
      lockedUntil: null,
      runAt: sql`now() + (${delay}::int * interval '1 millisecond')`,
      ...(dead ? { finishedAt: sql`now()` } : {}),
      updatedAt: sql`now()`,
    })
    .where(heldBy(job.id, workerId))
    .returning();
  return row;
}

/** Gives a job back without counting the attempt (graceful shutdown that could not wait for it). */
export async function releaseJob(db: Db, id: string, workerId: string): Promise<void> {
  await db
    .update(jobs)
    .set({ state: 'queued', attempts: sql`greatest(${jobs.attempts} - 1, 0)`, lockedBy: null, lockedUntil: null, runAt: sql`now()`, updatedAt: sql`now()` })
    .where(heldBy(id, workerId));
}

export async function findJob(db: Db, teamId: string, id: string): Promise<JobRow> {
  if (!isStorableText(id)) throw notFoundInTeam('job', id);
  const [row] = await db.select().from(jobs).where(and(eq(jobs.id, id), eq(jobs.teamId, teamId))).limit(1);
  if (!row) throw notFoundInTeam('job', id);
  return row;
}

/** Cancels a job that has not finished; a running one is aborted at its next heartbeat. 409 once finished. */
export async function cancelJob(db: Db, teamId: string, id: string): Promise<JobRow> {
  const current = await findJob(db, teamId, id);
  const [row] = await db
    .update(jobs)
    .set({ state: 'cancelled', lockedBy: null, lockedUntil: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.teamId, teamId), inArray(jobs.state, ACTIVE_STATES)))
    .returning();
  if (!row) {
    const now = await findJob(db, teamId, id).catch(() => current);
    throw new ProblemError(409, { detail: `Job ${id} has already finished (${now.state}); there is nothing to cancel.` });
  }
  return row;
}

/** Puts a dead job back in the queue with a fresh set of attempts. 409 unless it is dead. */
export async function replayJob(db: Db, teamId: string, id: string): Promise<JobRow> {
  const current = await findJob(db, teamId, id);
  const [row] = await db
    .update(jobs)
    .set({ state: 'queued', attempts: 0, lastError: null, runAt: sql`now()`, finishedAt: null, result: null, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.teamId, teamId), eq(jobs.state, 'dead')))
    .returning();
  if (!row) throw new ProblemError(409, { detail: `Job ${id} is ${current.state}, not in the dead-letter list; only dead jobs can be replayed.` });
  wakeWorkers();
  return row;
}

export async function listJobs(db: Db, teamId: string, states: JobState[], page: { limit: number; offset: number }): Promise<{ rows: JobRow[]; total: number }> {
  const where = and(eq(jobs.teamId, teamId), inArray(jobs.state, states));
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(jobs).where(where).orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(page.limit).offset(page.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(jobs).where(where),
  ]);
  return { rows, total };
}
