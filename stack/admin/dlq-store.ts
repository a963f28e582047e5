/**
 * The dead-letter queue's admin statements, per team: statistics by type and error, bulk replay
 * (one guarded UPDATE: only rows still dead are taken), archive, and the alert thresholds.
 * Single replays reuse `replayJob` (stack/jobs/queue.ts).
 */
import { and, asc, count, eq, ilike, inArray, lt, min, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { containsPattern } from '../lib/list-page.js';
import { ProblemError } from '../lib/problem.js';
import { findJob, wakeWorkers, type JobRow } from '../jobs/queue.js';
import { jobs } from '../jobs/tables.js';

const dead = (teamId: string) => and(eq(jobs.teamId, teamId), eq(jobs.state, 'dead'));

/** Errors group by their first line, cut to this length: ids and stack lines would split one cause into many. */
const ERROR_KEY_CHARS = 160;
const errorKey = sql<string>`left(split_part(coalesce(${jobs.lastError}, '(no error recorded)'), E'\\n', 1), ${sql.raw(String(ERROR_KEY_CHARS))})`;

export async function dlqStats(db: Db, teamId: string) {
  const [byType, byError, [totals]] = await Promise.all([
    db.select({ type: jobs.type, count: count() }).from(jobs).where(dead(teamId)).groupBy(jobs.type).orderBy(asc(jobs.type)),
    db
      .select({ type: jobs.type, error: errorKey, count: count(), oldest: min(jobs.finishedAt) })
      .from(jobs)
      .where(dead(teamId))
      .groupBy(jobs.type, errorKey)
      .orderBy(sql`count(*) desc`, asc(jobs.type)),
    db.select({ total: count(), oldest: min(jobs.finishedAt) }).from(jobs).where(dead(teamId)),
  ]);
  return {
    total: totals.total,
    oldest_dead_at: totals.oldest ? new Date(totals.oldest).toISOString() : null,
    by_type: byType.map((r) => ({ type: r.type, count: r.count })),
    by_error: byError.map((r) => ({ type: r.type, error: r.error, count: r.count, oldest_dead_at: r.oldest ? new Date(r.oldest).toISOString() : null })),
  };
}

export interface BulkReplayFilter {
  type?: string;
  error_contains?: string;
  /** Only jobs that died before this moment. */
  dead_before?: string;
  limit: number;
}

/** Queues every dead job matching the filter again with fresh attempts; the ids replayed. */
export async function replayDeadJobs(db: Db, teamId: string, filter: BulkReplayFilter): Promise<string[]> {
  const where = and(
    dead(teamId),
    filter.type ? eq(jobs.type, filter.type) : undefined,
    filter.error_contains ? ilike(jobs.lastError, containsPattern(filter.error_contains)) : undefined,
    filter.dead_before ? lt(jobs.finishedAt, new Date(filter.dead_before)) : undefined,
  );
  const chosen = db.select({ id: jobs.id }).from(jobs).where(where).orderBy(asc(jobs.finishedAt), asc(jobs.id)).limit(filter.limit);
  const rows = await db
    .update(jobs)
    .set({ state: 'queued', attempts: 0, lastError: null, runAt: sql`now()`, finishedAt: null, result: null, updatedAt: sql`now()` })
    .where(and(inArray(jobs.id, chosen), eq(jobs.state, 'dead')))
    .returning({ id: jobs.id });
  if (rows.length > 0) wakeWorkers();
  return rows.map((r) => r.id);
}

/** Sets a dead job aside: it leaves the dead-letter list and its alerts, and is never run again. 409 unless dead. */
export async function archiveDeadJob(db: Db, teamId: string, id: string): Promise<JobRow> {
  const current = await findJob(db, teamId, id);
  const [row] = await db
    .update(jobs)
    .set({ state: 'archived', updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.teamId, teamId), eq(jobs.state, 'dead')))
    .returning();
  if (!row) throw new ProblemError(409, { detail: `Job ${id} is ${current.state}, not in the dead-letter list; only dead jobs can be archived.` });
  return row;
}

export interface AlertThresholds {
  size: number;
  ageSeconds: number;
}

/** The thresholds crossed by the team's dead-letter list now. */
export async function dlqAlerts(db: Db, teamId: string, thresholds: AlertThresholds, now = new Date()) {
  const [row] = await db.select({ size: count(), oldest: min(jobs.finishedAt) }).from(jobs).where(dead(teamId));
  const oldestAgeSeconds = row.oldest ? Math.max(0, Math.floor((now.getTime() - new Date(row.oldest).getTime()) / 1000)) : 0;
  const alerts: { code: 'dlq_size' | 'dlq_age'; threshold: number; observed: number; message: string }[] = [];
  if (row.size > thresholds.size) {
    alerts.push({ code: 'dlq_size', threshold: thresholds.size, observed: row.size, message: `${row.size} dead jobs, more than DLQ_ALERT_SIZE (${thresholds.size}); see GET /admin/dlq/stats.` });
  }
  if (row.size > 0 && oldestAgeSeconds > thresholds.ageSeconds) {
    alerts.push({ code: 'dlq_age', threshold: thresholds.ageSeconds, observed: oldestAgeSeconds, message: `The oldest dead job died ${oldestAgeSeconds} s ago, more than DLQ_ALERT_AGE_SECONDS (${thresholds.ageSeconds}); replay or archive it.` });
  }
  return { firing: alerts.length > 0, size: row.size, oldest_age_seconds: oldestAgeSeconds, thresholds: { size: thresholds.size, age_seconds: thresholds.ageSeconds }, alerts, checked_at: now.toISOString() };
}
