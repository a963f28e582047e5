/**
 * The admin domain's tables: the audit log (one row per successful mutating business request)
 * and the reconciliation runs with their findings. Both are per team.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const nowMs = sql`date_trunc('milliseconds', now())`;
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    teamId: text('team_id').notNull(),
    actorId: text('actor_id').notNull(),
    method: text('method').notNull(),
    /** The route pattern, e.g. `/properties/:id`, so one resource's entries group together. */
    route: text('route').notNull(),
    resourceId: text('resource_id'),
    status: integer('status').notNull(),
    requestId: text('request_id').notNull(),
    /** For a PATCH: the names of the fields the body sent. */
    changedFields: jsonb('changed_fields').$type<string[]>(),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [index('audit_log_team_idx').on(t.teamId, t.id), index('audit_log_resource_idx').on(t.teamId, t.resourceId)],
);

export const reconciliationRuns = pgTable(
  'reconciliation_runs',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    startedBy: text('started_by').notNull(),
    /** `clean` when no check found anything, `findings` otherwise. */
    status: text('status', { enum: ['clean', 'findings'] }).notNull(),
    checks: jsonb('checks').$type<{ name: string; description: string; findings: number }[]>().notNull(),
    findings: jsonb('findings').$type<Record<string, unknown>[]>().notNull(),
    findingCount: integer('finding_count').notNull(),
    startedAt: at('started_at').notNull(),
    finishedAt: at('finished_at').notNull().default(nowMs),
  },
  (t) => [index('reconciliation_runs_team_idx').on(t.teamId, t.startedAt)],
);
