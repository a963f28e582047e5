/**
 * Sharing tables: public share links (a short code that opens a read-only view of one property
 * or deal room), each view of a link (no raw address: a per-link visitor hash and the referrer's
 * origin), deal rooms and their artifacts (metadata rows beside the objects in storage).
 * References to other tables are lazy: this module is re-exported by stack/db/schema.ts.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { deals, teams } from '../db/schema.js';

const nowMs = sql`date_trunc('milliseconds', now())`;
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const SHARE_RESOURCE_TYPES = ['property', 'deal_room'] as const;
export type ShareResourceType = (typeof SHARE_RESOURCE_TYPES)[number];

export const shareLinks = pgTable(
  'share_links',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    resourceType: text('resource_type', { enum: SHARE_RESOURCE_TYPES }).notNull(),
    resourceId: text('resource_id').notNull(),
    /** The whitelisted fields the public view shows, in the order given. */
    fields: jsonb('fields').$type<string[]>().notNull(),
    expiresAt: at('expires_at'),
    revokedAt: at('revoked_at'),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [uniqueIndex('share_links_code_idx').on(t.code), index('share_links_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

export const shareLinkViews = pgTable(
  'share_link_views',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    shareLinkId: text('share_link_id').notNull().references(() => shareLinks.id, { onDelete: 'cascade' }),
    /** SHA-256 of the link id, the client network and the user agent: counts unique visitors, names nobody. */
    visitorHash: text('visitor_hash').notNull(),
    /** The Referer's origin only (no path or query), when one was sent. */
    referrer: text('referrer'),
    viewedAt: at('viewed_at').notNull().default(nowMs),
  },
  (t) => [index('share_link_views_link_idx').on(t.shareLinkId, t.viewedAt)],
);

export const dealRooms = pgTable(
  'deal_rooms',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    dealId: text('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [index('deal_rooms_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

export const dealRoomArtifacts = pgTable(
  'deal_room_artifacts',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    roomId: text('room_id').notNull().references(() => dealRooms.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [index('deal_room_artifacts_room_idx').on(t.teamId, t.roomId, t.createdAt)],
);
