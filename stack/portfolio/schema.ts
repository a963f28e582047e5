/**
 * The portfolio domain's zod schemas: deal scenarios (inputs, explained figures, comparison),
 * investors and their preferences, engagements, suggestions, readiness and template
 * performance. Requests are strict: an unknown field is a 422.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { PageQuery, pageSchema } from '../lib/pagination.js';
import { requireSomeField } from '../lib/patch-body.js';
import { clearableText, RefId, storedText } from '../lib/text.js';
import { PROPERTY_TYPES } from '../properties/schema.js';
import { FIGURE_NAMES } from './scenario-math.js';
import { ENGAGEMENT_TYPES, INVESTOR_STRATEGIES } from './tables.js';

const cents = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
const Money = z.number().min(0).max(999_999_999_999.99).refine(cents, 'must have at most 2 decimal places');
const Percent = (max: number) => z.number().min(0).max(max);

export const ScenarioCreate = z
  .object({
    name: storedText(200).default('Base case').openapi({ example: 'Base case: 20% down' }),
    purchase_price: Money.openapi({ example: 200000 }),
    repairs: Money.default(0).openapi({ example: 10000 }),
    closing_costs: Money.default(0).openapi({ example: 5000 }),
    down_payment_pct: Percent(100).default(20).openapi({ description: 'Percent of the price paid in cash; 100 is an all-cash purchase', example: 20 }),
    interest_rate_pct: Percent(30).default(0).openapi({ description: 'Annual rate, percent', example: 6 }),
    term_years: z.number().int().min(1).max(50).default(30).openapi({ example: 30 }),
    monthly_rent: Money.default(0).openapi({ example: 2000 }),
    monthly_expenses: Money.default(0).openapi({ description: 'Operating expenses a month (taxes, insurance, management, maintenance, vacancy); not the loan', example: 600 }),
    arv: Money.nullable().optional().openapi({ description: 'After-repair value, for the flip profit and ROI', example: 260000 }),
  })
  .strict()
  .openapi('DealScenarioCreate');

const FigureSchema = z
  .object({
    value: z.number().nullable(),
    unit: z.enum(['usd', 'percent']),
    formula: z.string().openapi({ example: 'loan_amount × r / (1 − (1 + r)^−n)' }),
    inputs: z.record(z.string(), z.number().nullable()),
    explanation: z.string(),
  })
  .openapi('ScenarioFigure');

export const Scenario = z
  .object({
    id: z.string(),
    deal_id: z.string(),
    name: z.string(),
    inputs: z.record(z.string(), z.number().nullable()),
    figures: z.object(Object.fromEntries(FIGURE_NAMES.map((n) => [n, FigureSchema])) as Record<(typeof FIGURE_NAMES)[number], typeof FigureSchema>),
    created_by: z.string(),
    created_at: Timestamp,
  })
  .openapi('DealScenario');
export const ScenarioPage = pageSchema(Scenario, 'DealScenarioPage');
export const ScenarioListQuery = PageQuery.pick({ limit: true, offset: true });

export const CompareQuery = z.object({
  ids: z
    .string()
    .max(2000)
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .refine((ids) => ids.length >= 2 && ids.length <= 10, 'list 2 to 10 scenario ids, comma-separated')
    .openapi({ description: 'Scenario ids, comma-separated (2-10), from any deals of your team', example: 'id1,id2' }),
});

export const ScenarioComparison = z
  .object({
    scenarios: z.array(z.object({ id: z.string(), deal_id: z.string(), name: z.string() })),
    figures: z.array(
      z.object({
        figure: z.enum(FIGURE_NAMES),
        unit: z.enum(['usd', 'percent']),
        higher_is_better: z.boolean(),
        values: z.array(z.object({ scenario_id: z.string(), value: z.number().nullable() })),
        best_scenario_id: z.string().nullable().openapi({ description: 'null when tied or not computed' }),
      }),
    ),
  })
  .openapi('DealScenarioComparison');

const StateCode = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be a two-letter state code');
const preferenceFields = {
  name: storedText(200).openapi({ example: 'Acme Capital' }),
  email: z.email().max(254).nullable().optional().openapi({ example: 'deals@acme.example' }),
  phone: clearableText(40),
  min_price: Money.nullable().optional().openapi({ example: 150000 }),
  max_price: Money.nullable().optional().openapi({ example: 400000 }),
  property_types: z.array(z.enum(PROPERTY_TYPES)).max(10).optional().openapi({ description: 'Empty: any type' }),
  states: z.array(StateCode).max(60).optional().openapi({ description: 'Empty: anywhere', example: ['TX'] }),
  cities: z.array(storedText(100)).max(50).optional().openapi({ description: 'Empty: any city of the states', example: ['Austin'] }),
  min_cap_rate: Percent(100).nullable().optional().openapi({ description: 'Lowest acceptable cap rate, percent', example: 7 }),
  strategies: z.array(z.enum(INVESTOR_STRATEGIES)).max(4).optional().openapi({ example: ['buy_and_hold'] }),
  notes: clearableText(2000),
};
const priceRangeOk = (b: { min_price?: number | null; max_price?: number | null }) => b.min_price == null || b.max_price == null || b.min_price <= b.max_price;
const PRICE_RANGE = { message: 'min_price must not exceed max_price', path: ['min_price'] };

export const InvestorCreate = z.object(preferenceFields).strict().refine(priceRangeOk, PRICE_RANGE).openapi('InvestorCreate');
export const InvestorUpdate = requireSomeField(z.object(preferenceFields).partial().strict())
  .refine(priceRangeOk, PRICE_RANGE)
  .openapi('InvestorUpdate', { description: 'Any field of InvestorCreate; null clears an optional one' });

export const Investor = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    min_price: z.number().nullable(),
    max_price: z.number().nullable(),
    property_types: z.array(z.string()),
    states: z.array(z.string()),
    cities: z.array(z.string()),
    min_cap_rate: z.number().nullable(),
    strategies: z.array(z.enum(INVESTOR_STRATEGIES)),
    notes: z.string().nullable(),
    created_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Investor');
export const InvestorPage = pageSchema(Investor, 'InvestorPage');
export const InvestorListQuery = PageQuery.pick({ limit: true, offset: true });

export const EngagementCreate = z
  .object({
    type: z.enum(ENGAGEMENT_TYPES).openapi({ example: 'interested' }),
    property_id: RefId.nullable().optional().openapi({ description: 'The property it was about, of your team' }),
    note: clearableText(1000),
  })
  .strict()
  .openapi('EngagementCreate');

export const Engagement = z
  .object({ id: z.string(), investor_id: z.string(), type: z.enum(ENGAGEMENT_TYPES), property_id: z.string().nullable(), note: z.string().nullable(), created_by: z.string(), created_at: Timestamp })
  .openapi('Engagement');
export const EngagementPage = pageSchema(Engagement, 'EngagementPage');

export const EngagementSummary = z
  .object({
    investor_id: z.string(),
    total: z.number().int(),
    by_type: z.record(z.enum(ENGAGEMENT_TYPES), z.number().int()),
    last_engaged_at: Timestamp.nullable(),
    interested_property_ids: z.array(z.string()),
    passed_property_ids: z.array(z.string()),
  })
  .openapi('EngagementSummary');

export const CriterionResult = z.object({
  criterion: z.enum(['price', 'property_type', 'location', 'cap_rate', 'strategy']),
  status: z.enum(['match', 'partial', 'mismatch', 'no_preference', 'unknown']),
  points: z.number(),
  max_points: z.number(),
  reason: z.string(),
});

export const SuggestedInvestors = z
  .object({
    property_id: z.string(),
    cap_rate: z.number().nullable().openapi({ description: 'From the newest scenario of a deal on this property, if any' }),
    items: z.array(
      z.object({
        investor: Investor,
        score: z.number().openapi({ description: '0-100: points earned over points possible' }),
        criteria: z.array(CriterionResult),
        last_engagement: z.enum(ENGAGEMENT_TYPES).nullable().openapi({ description: 'With this property; investors who passed are ranked last' }),
      }),
    ),
  })
  .openapi('SuggestedInvestors');
export const SuggestedQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const Readiness = z
  .object({
    property_id: z.string(),
    score: z.number().int().openapi({ description: 'Percent of checks passed' }),
    ready: z.boolean(),
    checks: z.array(z.object({ id: z.string(), label: z.string(), passed: z.boolean(), detail: z.string() })),
  })
  .openapi('InvestorReadiness');

const Rate = z.number().nullable().openapi({ description: 'Percent of sends, 2 decimals; null before any send' });
export const TemplatePerformance = z
  .object({
    items: z.array(
      z.object({
        template_id: z.string(),
        name: z.string().nullable(),
        campaigns: z.number().int(),
        sends: z.number().int(),
        delivered: z.number().int(),
        failed: z.number().int(),
        opens: z.number().int(),
        clicks: z.number().int(),
        unsubscribes: z.number().int(),
        delivery_rate: Rate,
        open_rate: Rate,
        click_rate: Rate,
        unsubscribe_rate: Rate,
      }),
    ),
  })
  .openapi('TemplatePerformance');
