/**
 * Communications' tables: every email, SMS and call with a lead or a property (one row each,
 * whatever the channel or direction), the threads that group them per lead or property, the
 * mock SMS provider's outbox, and what provider webhooks delivered (idempotency by provider
 * event id, and unsubscribe / spam reports kept for the suppression list).
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { leads, properties, teams } from '../db/schema.js';

const nowMs = sql`date_trunc('milliseconds', now())`;
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().default(nowMs);
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(nowMs);

/** One conversation per lead (or, without a lead, per property): every channel's messages in it. */
export const communicationThreads = pgTable(
  'communication_threads',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    leadId: text('lead_id').references(() => leads.id, { onDelete: 'cascade' }),
    propertyId: text('property_id').references(() => properties.id, { onDelete: 'cascade' }),
    subject: text('subject'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('communication_threads_lead_idx').on(t.teamId, t.leadId).where(sql`${t.leadId} is not null`),
    uniqueIndex('communication_threads_property_idx').on(t.teamId, t.propertyId).where(sql`${t.leadId} is null and ${t.propertyId} is not null`),
  ],
);

export const communications = pgTable(
  'communications',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    threadId: text('thread_id').references(() => communicationThreads.id, { onDelete: 'set null' }),
    leadId: text('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    propertyId: text('property_id').references(() => properties.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: ['email', 'sms', 'call'] }).notNull(),
    direction: text('direction', { enum: ['outbound', 'inbound'] }).notNull(),
    status: text('status').notNull(),
    toAddress: text('to_address'),
    fromAddress: text('from_address'),
    subject: text('subject'),
    body: text('body'),
    /** The email's RFC 5322 Message-ID (threading headers point at it). */
    messageId: text('message_id'),
    /** smtp, sendgrid, mock, twilio, manual. */
    provider: text('provider'),
    /** The provider's id: SendGrid's sg_message_id, Twilio's MessageSid / CallSid. */
    providerId: text('provider_id'),
    error: text('error'),
    durationSeconds: integer('duration_seconds'),
    outcome: text('outcome'),
    notes: text('notes'),
    transcription: text('transcription'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('communications_team_created_idx').on(t.teamId, t.createdAt, t.id),
    index('communications_thread_idx').on(t.threadId, t.createdAt),
    index('communications_lead_idx').on(t.teamId, t.leadId),
    index('communications_provider_idx').on(t.provider, t.providerId),
  ],
);

/** The mock SMS provider's sent messages, in Twilio's shape, readable through the API. */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    /** Twilio's MessageSid (`SM...`); named `id` so the shared list helpers page it. */
    id: text('sid').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    communicationId: text('communication_id'),
    toNumber: text('to_number').notNull(),
    fromNumber: text('from_number').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sms_outbox_team_idx').on(t.teamId, t.createdAt)],
);

/** Each provider event received once: a replayed event (same provider and event id) is ignored. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: text('id').primaryKey(),
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    teamId: text('team_id'),
    communicationId: text('communication_id'),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('webhook_events_provider_event_idx').on(t.provider, t.eventId)],
);

/** Unsubscribe and spam reports from the mail provider: the campaign suppression list's input. */
export const emailSuppressionEvents = pgTable(
  'email_suppression_events',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** e.g. `sendgrid:unsubscribe`, `sendgrid:spamreport`. */
    source: text('source').notNull(),
    communicationId: text('communication_id'),
    createdAt: createdAt(),
  },
  (t) => [index('email_suppression_events_team_idx').on(t.teamId, t.email)],
);
