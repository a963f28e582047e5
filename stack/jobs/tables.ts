/**
 * The durable job queue: one row per job, claimed with `FOR UPDATE SKIP LOCKED` so any number
 * of workers (in the API process or `worker-main`) share it without double-running a job.
 * A running job holds a lease (`locked_until`, renewed by its worker's heartbeat); when the
 * lease runs out the job is claimable again, so a killed worker loses nothing.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from '../db/schema.js';

const nowMs = sql`date_trunc('milliseconds', now())`;
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const JOB_STATES = ['queued', 'running', 'completed', 'failed', 'dead', 'cancelled', 'archived'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    createdBy: text('created_by'),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull().default({}),
    /** queued -> running -> completed | failed (a retry is scheduled at run_at) | dead | cancelled; dead -> archived (an admin set it aside). */
    state: text('state', { enum: JOB_STATES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** Not claimable before this moment (retry backoff). */
    runAt: at('run_at').notNull().default(nowMs),
    /** The worker holding the lease and until when; the pair fences a worker that lost it. */
    lockedBy: text('locked_by'),
    lockedUntil: at('locked_until'),
    lastError: text('last_error'),
    result: jsonb('result'),
    createdAt: at('created_at').notNull().default(nowMs),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    updatedAt: at('updated_at').notNull().default(nowMs),
  },
  (t) => [
    index('jobs_claim_idx').on(t.state, t.runAt),
    index('jobs_team_state_idx').on(t.teamId, t.state, t.createdAt),
  ],
);
