/**
 * Onboarding tables: the team's pipeline settings, written by applying a preset. A team without
 * a row uses the platform's default stages.
 */
import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from '../db/schema.js';

export const teamPipelineSettings = pgTable('team_pipeline_settings', {
  teamId: text('team_id').primaryKey().references(() => teams.id, { onDelete: 'cascade' }),
  /** Property stages the team uses, in pipeline order (a subset of the platform's stages). */
  stages: jsonb('stages').$type<string[]>().notNull(),
  /** The preset last applied. */
  preset: text('preset'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`date_trunc('milliseconds', now())`),
});
