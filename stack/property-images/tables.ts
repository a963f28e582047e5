/**
 * Property images: the metadata row (type checked by magic bytes, size, SHA-256) beside the
 * object in storage (`storage_key`). Rows go with their property (cascade).
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { properties } from '../db/schema.js';

export const propertyImages = pgTable(
  'property_images',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    propertyId: text('property_id').notNull().references(() => properties.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`date_trunc('milliseconds', now())`),
  },
  (t) => [index('property_images_property_idx').on(t.teamId, t.propertyId, t.createdAt)],
);
