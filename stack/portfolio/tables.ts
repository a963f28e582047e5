/**
 * Portfolio tables: deal scenarios (the inputs of an underwriting; the figures are recomputed
 * from them on every read, so a fix to the maths fixes every stored scenario), investors with
 * their buying preferences, and each engagement with an investor.
 */
import { sql } from 'drizzle-orm';
import { index, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { deals, properties, teams } from '../db/schema.js';

const nowMs = sql`date_trunc('milliseconds', now())`;
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 14, scale: 2, mode: 'number' });

export const dealScenarios = pgTable(
  'deal_scenarios',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    dealId: text('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The validated request body (ScenarioInputs): the figures are a pure function of it. */
    inputs: jsonb('inputs').$type<Record<string, number>>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [index('deal_scenarios_deal_idx').on(t.teamId, t.dealId, t.createdAt)],
);

export const INVESTOR_STRATEGIES = ['buy_and_hold', 'flip', 'brrrr', 'wholesale'] as const;
export type InvestorStrategy = (typeof INVESTOR_STRATEGIES)[number];

export const investors = pgTable(
  'investors',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    minPrice: money('min_price'),
    maxPrice: money('max_price'),
    propertyTypes: jsonb('property_types').$type<string[]>().notNull().default([]),
    states: jsonb('states').$type<string[]>().notNull().default([]),
    cities: jsonb('cities').$type<string[]>().notNull().default([]),
    minCapRate: numeric('min_cap_rate', { precision: 6, scale: 2, mode: 'number' }),
    strategies: jsonb('strategies').$type<InvestorStrategy[]>().notNull().default([]),
    notes: text('notes'),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().default(nowMs),
    updatedAt: at('updated_at').notNull().default(nowMs),
  },
  (t) => [index('investors_team_created_idx').on(t.teamId, t.createdAt, t.id)],
);

export const ENGAGEMENT_TYPES = ['viewed', 'emailed', 'called', 'interested', 'passed'] as const;

export const investorEngagements = pgTable(
  'investor_engagements',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    investorId: text('investor_id').notNull().references(() => investors.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ENGAGEMENT_TYPES }).notNull(),
    propertyId: text('property_id').references(() => properties.id, { onDelete: 'set null' }),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().default(nowMs),
  },
  (t) => [index('investor_engagements_investor_idx').on(t.teamId, t.investorId, t.createdAt)],
);
