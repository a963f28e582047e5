/**
 * Compliance tables: the team's do-not-call list, opt-outs (by email, phone or property owner),
 * consent records (append-only: the newest per subject and type wins), cadence rules (and the
 * properties a rule is applied to), and every decision the send gate made.
 * References are lazy (`() => teams.id`): stack/db/schema.ts re-exports this module.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { leads, properties, teams } from '../db/schema.js';

const nowMs = sql`date_trunc('milliseconds', now())`;
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const SEND_CHANNELS = ['email', 'sms', 'call'] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];

/** Phone numbers (normalised to `+` and digits) the team must not call or text. */
export const dncNumbers = pgTable(
  'compliance_dnc_numbers',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    reason: text('reason'),
    source: text('source').notNull(),
    createdBy: text('created_by'),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [uniqueIndex('compliance_dnc_team_phone_idx').on(t.teamId, t.phone), index('compliance_dnc_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

export const OPT_OUT_KINDS = ['email', 'phone', 'property'] as const;
export type OptOutKind = (typeof OPT_OUT_KINDS)[number];

/** Who asked not to be contacted: an email, a phone, or a property's owner (its linked leads). */
export const optOuts = pgTable(
  'compliance_opt_outs',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: OPT_OUT_KINDS }).notNull(),
    /** Lower-cased email, normalised phone, or the property id. */
    value: text('value').notNull(),
    reason: text('reason'),
    source: text('source').notNull(),
    createdBy: text('created_by'),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [uniqueIndex('compliance_opt_outs_team_value_idx').on(t.teamId, t.kind, t.value), index('compliance_opt_outs_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

export const CONSENT_TYPES = ['email_marketing', 'sms_marketing', 'calls'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

/** Every grant or withdrawal, never updated: the newest row per (subject, type) is the state. */
export const consentRecords = pgTable(
  'compliance_consent_records',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    leadId: text('lead_id').references(() => leads.id, { onDelete: 'cascade' }),
    /** Lower-cased email or normalised phone; null when the record is about a lead only. */
    address: text('address'),
    consentType: text('consent_type', { enum: CONSENT_TYPES }).notNull(),
    granted: boolean('granted').notNull(),
    source: text('source').notNull(),
    note: text('note'),
    recordedBy: text('recorded_by'),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [
    index('compliance_consent_team_created_idx').on(t.teamId, t.createdAt, t.id),
    index('compliance_consent_lead_idx').on(t.teamId, t.leadId, t.consentType),
    index('compliance_consent_address_idx').on(t.teamId, t.address, t.consentType),
  ],
);

export const CADENCE_CHANNELS = ['email', 'sms', 'call', 'any'] as const;
export type CadenceChannel = (typeof CADENCE_CHANNELS)[number];

/**
 * At most `max_messages` per recipient on `channel` in `window_days`, and nothing between
 * `quiet_start_hour` and `quiet_end_hour` (UTC, may wrap midnight). A rule with no property
 * applied governs every send; once applied to properties, only sends about those properties.
 */
export const cadenceRules = pgTable(
  'compliance_cadence_rules',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    channel: text('channel', { enum: CADENCE_CHANNELS }).notNull(),
    maxMessages: integer('max_messages'),
    windowDays: integer('window_days'),
    quietStartHour: integer('quiet_start_hour'),
    quietEndHour: integer('quiet_end_hour'),
    enabled: boolean('enabled').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by'),
    createdAt: at('created_at').notNull().default(nowMs),
    updatedAt: at('updated_at').notNull().default(nowMs),
  },
  (t) => [uniqueIndex('compliance_cadence_team_name_idx').on(t.teamId, t.name), index('compliance_cadence_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

export const cadenceRuleProperties = pgTable(
  'compliance_cadence_rule_properties',
  {
    teamId: text('team_id').notNull(),
    ruleId: text('rule_id').notNull().references(() => cadenceRules.id, { onDelete: 'cascade' }),
    propertyId: text('property_id').notNull().references(() => properties.id, { onDelete: 'cascade' }),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.propertyId] }), index('compliance_cadence_property_idx').on(t.teamId, t.propertyId)],
);

export interface DecisionReason {
  code: string;
  detail: string;
}

/** Every answer of the send gate: who asked, to whom, on which channel, allowed or not and why. */
export const sendDecisions = pgTable(
  'send_decisions',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    actorId: text('actor_id'),
    channel: text('channel', { enum: SEND_CHANNELS }).notNull(),
    /** Normalised: lower-cased email or `+digits`. */
    recipient: text('recipient').notNull(),
    leadId: text('lead_id'),
    propertyId: text('property_id'),
    purpose: text('purpose', { enum: ['marketing', 'transactional'] }).notNull(),
    allowed: boolean('allowed').notNull(),
    reasons: jsonb('reasons').$type<DecisionReason[]>().notNull().default([]),
    /** What asked: `{source: 'campaign', campaign_id, ...}`, `{source: 'communications.email'}`, a dry run ... */
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    /** True for `POST /compliance/validate-send`: a check only, never counted as a send. */
    dryRun: boolean('dry_run').notNull().default(false),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [
    index('send_decisions_team_created_idx').on(t.teamId, t.createdAt, t.id),
    index('send_decisions_recipient_idx').on(t.teamId, t.recipient, t.channel, t.createdAt),
  ],
);
