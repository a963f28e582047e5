/**
 * The platform's tables (Drizzle, PostgreSQL dialect). The same schema and the same SQL
 * migrations run on PGlite (embedded) and on PostgreSQL 15; keep to SQL both speak.
 * Every business row carries `team_id`: queries are scoped by it, never by id alone.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const id = () => text('id').primaryKey();
// Millisecond precision, as JavaScript dates carry: keyset cursors round-trip exactly.
const nowMs = sql`date_trunc('milliseconds', now())`;
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().default(nowMs);
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(nowMs);

export const teams = pgTable('teams', {
  id: id(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: id(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['admin', 'agent', 'viewer'] }).notNull().default('agent'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`), index('users_team_idx').on(t.teamId)],
);

/** Refresh tokens are stored hashed; `family_id` ties a rotation chain so reuse can revoke it all. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    familyId: text('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('refresh_tokens_hash_idx').on(t.tokenHash), index('refresh_tokens_family_idx').on(t.familyId)],
);

export const properties = pgTable(
  'properties',
  {
    id: id(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    address: text('address').notNull(),
    city: text('city').notNull(),
    state: text('state').notNull(),
    zip: text('zip').notNull(),
    price: numeric('price', { precision: 14, scale: 2, mode: 'number' }),
    bedrooms: integer('bedrooms'),
    bathrooms: numeric('bathrooms', { precision: 4, scale: 1, mode: 'number' }),
    sqft: integer('sqft'),
    propertyType: text('property_type'),
    ownerName: text('owner_name'),
    description: text('description'),
    stage: text('stage').notNull().default('new'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('properties_team_created_idx').on(t.teamId, t.createdAt, t.id), index('properties_team_stage_idx').on(t.teamId, t.stage)],
);

/** Append-only history of a property: creation, field changes, stage moves. */
export const propertyEvents = pgTable(
  'property_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    teamId: text('team_id').notNull(),
    propertyId: text('property_id').notNull().references(() => properties.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').notNull(),
    kind: text('kind').notNull(),
    data: jsonb('data').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('property_events_property_idx').on(t.propertyId, t.id)],
);

export const leads = pgTable(
  'leads',
  {
    id: id(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    source: text('source'),
    status: text('status').notNull().default('new'),
    propertyId: text('property_id').references(() => properties.id, { onDelete: 'set null' }),
    assignedTo: text('assigned_to').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('leads_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

export const leadActivities = pgTable(
  'lead_activities',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    leadId: text('lead_id').notNull().references(() => leads.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').notNull(),
    type: text('type').notNull(),
    note: text('note'),
    outcome: text('outcome'),
    createdAt: createdAt(),
  },
  (t) => [index('lead_activities_lead_idx').on(t.leadId, t.createdAt)],
);

export const leadNotes = pgTable(
  'lead_notes',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    leadId: text('lead_id').notNull().references(() => leads.id, { onDelete: 'cascade' }),
    authorId: text('author_id').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('lead_notes_lead_idx').on(t.leadId, t.createdAt)],
);

export const deals = pgTable(
  'deals',
  {
    id: id(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    title: text('title'),
    leadId: text('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    propertyId: text('property_id').references(() => properties.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('negotiation'),
    value: numeric('value', { precision: 14, scale: 2, mode: 'number' }),
    expectedCloseDate: text('expected_close_date'),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('deals_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

/** Every status move of a deal, so the pipeline's history can be shown and audited. */
export const dealEvents = pgTable(
  'deal_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    teamId: text('team_id').notNull(),
    dealId: text('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('deal_events_deal_idx').on(t.dealId, t.id)],
);

/**
 * Idempotency-Key records (IETF httpapi draft; Stripe's behaviour): one row per caller and key,
 * holding the request fingerprint and, once finished, the response to replay byte for byte.
 * `completed_at` null means the first request is still in flight (a duplicate gets 409).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers'),
    responseBody: text('response_body'),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('idempotency_keys_scope_idx').on(t.teamId, t.userId, t.key), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);

/**
 * The team's domain events, in order: the SSE stream's source and its replay log, so a client
 * reconnecting with Last-Event-ID resumes with no gap and no duplicate. Bounded by a purge.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    teamId: text('team_id').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('domain_events_team_idx').on(t.teamId, t.id)],
);
export * from '../jobs/tables.js';
export * from '../property-images/tables.js';
export * from '../communications/tables.js';
export * from '../campaigns/tables.js';
export * from '../auth/tables.js';
export * from '../sharing/tables.js';
export * from '../portfolio/tables.js';
export * from '../data/tables.js';
export * from '../admin/tables.js';
export * from '../workflow/tables.js';
export * from '../onboarding/tables.js';
export * from '../compliance/tables.js';
