/**
 * Workflow tables: tasks (made by hand or by an inbound reply), the team's workflow settings
 * (auto-assign on reply), next-best-actions generated from a property's state, and smart lists
 * (saved property filters). References are lazy: stack/db/schema.ts re-exports this module.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { deals, leads, properties, teams, users } from '../db/schema.js';

const nowMs = sql`date_trunc('milliseconds', now())`;
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const tasks = pgTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    notes: text('notes'),
    /** open -> done. */
    status: text('status', { enum: ['open', 'done'] }).notNull().default('open'),
    assigneeId: text('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    dueAt: at('due_at'),
    leadId: text('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    propertyId: text('property_id').references(() => properties.id, { onDelete: 'set null' }),
    dealId: text('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    /** manual, or inbound_reply (made where an inbound SMS or email was stored). */
    source: text('source').notNull().default('manual'),
    communicationId: text('communication_id'),
    /** Null for tasks the platform made. */
    createdBy: text('created_by'),
    completedAt: at('completed_at'),
    createdAt: at('created_at').notNull().default(nowMs),
    updatedAt: at('updated_at').notNull().default(nowMs),
  },
  (t) => [index('tasks_team_created_idx').on(t.teamId, t.createdAt, t.id), index('tasks_team_assignee_idx').on(t.teamId, t.assigneeId, t.status)],
);

export const workflowSettings = pgTable('workflow_settings', {
  teamId: text('team_id').primaryKey().references(() => teams.id, { onDelete: 'cascade' }),
  autoAssignOnReply: boolean('auto_assign_on_reply').notNull().default(false),
  /** round_robin or least_loaded. */
  strategy: text('strategy').notNull().default('round_robin'),
  /** Round robin's position: the member who got the last lead. */
  lastAssigneeId: text('last_assignee_id'),
  updatedAt: at('updated_at').notNull().default(nowMs),
});

export const nextBestActions = pgTable(
  'next_best_actions',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    propertyId: text('property_id').notNull().references(() => properties.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    /** What the rule is about within the property (a lead's or deal's id), '' for the property itself. */
    subjectId: text('subject_id').notNull().default(''),
    title: text('title').notNull(),
    explanation: text('explanation').notNull(),
    /** open -> done (a user completed it) or resolved (a later generation found it no longer applies). */
    status: text('status', { enum: ['open', 'done', 'resolved'] }).notNull().default('open'),
    completedBy: text('completed_by'),
    completedAt: at('completed_at'),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [
    index('next_best_actions_team_created_idx').on(t.teamId, t.createdAt, t.id),
    // At most one open action per rule and subject: regenerating never duplicates one.
    uniqueIndex('next_best_actions_open_idx').on(t.teamId, t.propertyId, t.ruleId, t.subjectId).where(sql`${t.status} = 'open'`),
  ],
);

export const smartLists = pgTable(
  'smart_lists',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().default(nowMs),
    updatedAt: at('updated_at').notNull().default(nowMs),
  },
  (t) => [index('smart_lists_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);
