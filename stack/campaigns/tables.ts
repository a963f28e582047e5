/**
 * Campaign tables: a team's own mail templates (the shipped ones live in code), campaigns, one
 * row per recipient with its delivery status, and the team's unsubscribe (suppression) list.
 * References to other tables are lazy (`() => teams.id`): this module is re-exported by
 * stack/db/schema.ts, which it also imports.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../db/schema.js';

const nowMs = sql`date_trunc('milliseconds', now())`;
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const campaignTemplates = pgTable(
  'campaign_templates',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    name: text('name').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    variables: jsonb('variables').$type<string[]>().notNull().default([]),
    createdAt: at('created_at').notNull().default(nowMs),
    updatedAt: at('updated_at').notNull().default(nowMs),
  },
  (t) => [index('campaign_templates_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

export const campaigns = pgTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    name: text('name').notNull(),
    /** The subject as sent (the template's, unless the campaign overrides it); may hold {{variables}}. */
    subject: text('subject').notNull(),
    templateId: text('template_id').notNull(),
    /** The template's text when the campaign was made: editing the template later changes no campaign. */
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    recipientCount: integer('recipient_count').notNull(),
    propertyId: text('property_id'),
    variables: jsonb('variables').$type<Record<string, string>>().notNull().default({}),
    /** draft -> sending -> completed. */
    status: text('status', { enum: ['draft', 'sending', 'completed'] }).notNull(),
    /** Base URL of the API for the unsubscribe links (PUBLIC_URL, else the creating request's origin). */
    linkBase: text('link_base').notNull(),
    /** Filled by the provider webhooks (SendGrid open / click events). */
    opens: integer('opens').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    createdAt: at('created_at').notNull().default(nowMs),
    updatedAt: at('updated_at').notNull().default(nowMs),
    sentAt: at('sent_at'),
    completedAt: at('completed_at'),
  },
  (t) => [index('campaigns_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

/**
 * queued -> sent (the relay took it) -> delivered (the provider says so); failed (refused, or bounced later); retrying;
 * skipped_unsubscribed (the address unsubscribed); blocked (the compliance send gate refused it; last_error says why).
 */
export const RECIPIENT_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'skipped_unsubscribed', 'retrying', 'blocked'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    campaignId: text('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    leadId: text('lead_id'),
    status: text('status', { enum: RECIPIENT_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    /** A delivery run holds the recipient until then, so two runs never send it twice. */
    claimedUntil: at('claimed_until'),
    sentAt: at('sent_at'),
    updatedAt: at('updated_at').notNull().default(nowMs),
  },
  (t) => [uniqueIndex('campaign_recipients_email_idx').on(t.campaignId, t.email), index('campaign_recipients_status_idx').on(t.campaignId, t.status)],
);

/** Addresses (lower-cased) a team must not mail again; `source` says who asked (link, api, sendgrid ...). */
export const unsubscribes = pgTable(
  'campaign_unsubscribes',
  {
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    source: text('source').notNull(),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.email] })],
);
