/**
 * The data domain's tables: seller-propensity signals recorded per property, the provenance of
 * each property field (who or what set it, and when), and the open-data parcel a property was
 * matched to. Every row carries `team_id` and goes when its property goes.
 */
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { properties } from '../db/schema.js';

const nowMs = sql`date_trunc('milliseconds', now())`;
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One observation of a signal (years_owned, tax_delinquent ...); the newest per type counts. */
export const propertySignals = pgTable(
  'property_signals',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    propertyId: text('property_id').notNull().references(() => properties.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** A number or a boolean, as the type defines it. */
    value: jsonb('value').notNull(),
    /** Who reported it: `user:<id>`, `enrichment:<dataset>`, `import` ... */
    source: text('source').notNull(),
    observedAt: at('observed_at').notNull().default(nowMs),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [index('property_signals_property_idx').on(t.propertyId, t.type, t.observedAt)],
);

/** The latest setter of each property field: `user:<id>`, `enrichment:<dataset>` (with its version) or `import`. */
export const fieldProvenance = pgTable(
  'field_provenance',
  {
    teamId: text('team_id').notNull(),
    propertyId: text('property_id').notNull().references(() => properties.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    source: text('source').notNull(),
    datasetVersion: text('dataset_version'),
    recordedAt: at('recorded_at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.propertyId, t.field] }), index('field_provenance_team_idx').on(t.teamId)],
);

/** The open-data record a property matched at its last enrichment (the record as the dataset holds it). */
export const propertyParcels = pgTable(
  'property_parcels',
  {
    propertyId: text('property_id').primaryKey().references(() => properties.id, { onDelete: 'cascade' }),
    teamId: text('team_id').notNull(),
    dataset: text('dataset').notNull(),
    datasetVersion: text('dataset_version').notNull(),
    parcelId: text('parcel_id').notNull(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull(),
    matchedAt: at('matched_at').notNull().default(nowMs),
  },
  (t) => [index('property_parcels_team_idx').on(t.teamId)],
);
