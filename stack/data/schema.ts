/** Zod schemas of the data API: signals, the propensity explanation, quality flags. */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { pageSchema, PageQuery } from '../lib/pagination.js';
import { SIGNAL_TYPES } from './propensity-model.js';

const SignalValue = z.union([z.number(), z.boolean()]).openapi({ description: 'A number or a boolean, as the type defines it', example: 12 });

export const CreateSignalBody = z
  .object({
    type: z.enum(SIGNAL_TYPES as [string, ...string[]]).openapi({
      description: 'years_owned (0-200), absentee_owner (bool), tax_delinquent (bool), price_drop (% 0-100), days_on_market (0-10000), equity_pct (0-100), code_violation (bool or count), recent_inquiry (bool or count)',
      example: 'years_owned',
    }),
    value: SignalValue,
    source: z.string().trim().min(1).max(200).regex(/^[\x21-\x7e ]+$/, 'must be printable ASCII').openapi({ description: 'Where it came from, e.g. `county-tax-roll`, `mls`, `door-knock`', example: 'county-tax-roll' }),
    observed_at: z.string().datetime({ offset: true }).optional().openapi({ description: 'When it was true (now by default); not in the future', example: '2026-11-01T00:00:00Z' }),
  })
  .strict()
  .openapi('CreateSignal');

export const SignalSchema = z
  .object({
    id: z.string(),
    property_id: z.string(),
    type: z.string(),
    value: SignalValue,
    source: z.string(),
    observed_at: Timestamp,
    created_at: Timestamp,
  })
  .openapi('Signal');

export const SignalPage = pageSchema(SignalSchema, 'SignalPage');
export const SignalListQuery = PageQuery.pick({ limit: true, offset: true }).extend({
  type: z.enum(SIGNAL_TYPES as [string, ...string[]]).optional().openapi({ description: 'Only this signal type' }),
});

const Contribution = z
  .object({
    feature: z.string().openapi({ example: 'tax_delinquent' }),
    kind: z.enum(['signal', 'history']),
    value: SignalValue,
    weight: z.number().openapi({ description: 'Log-odds added at full strength' }),
    scaled: z.number().openapi({ description: 'The value scaled to 0..1' }),
    log_odds: z.number().openapi({ description: 'weight * scaled' }),
    points: z.number().openapi({ description: 'Score points this feature adds (features applied strongest first)' }),
    text: z.string().openapi({ example: 'Property taxes are delinquent' }),
    source: z.string().optional(),
    observed_at: Timestamp.optional(),
  })
  .openapi('PropensityContribution');

export const PropensitySchema = z
  .object({
    property_id: z.string(),
    score: z.number().int().min(0).max(100).openapi({ example: 67 }),
    band: z.enum(['low', 'medium', 'high']).openapi({ description: 'low < 30 <= medium < 60 <= high' }),
    baseline: z.number().openapi({ description: 'The score with no signal and no history' }),
    log_odds: z.number(),
    model: z.object({ kind: z.literal('logistic'), bias: z.number(), version: z.string() }),
    contributions: z.array(Contribution),
    computed_at: Timestamp,
  })
  .openapi('Propensity');

export const QualityFlag = z
  .object({
    code: z.string().openapi({ example: 'missing_field' }),
    field: z.string().nullable().openapi({ example: 'sqft' }),
    severity: z.enum(['info', 'warning', 'error']),
    message: z.string(),
  })
  .openapi('QualityFlag');

export const PropertyQuality = z
  .object({ property_id: z.string(), address: z.string(), checked_at: Timestamp, flags: z.array(QualityFlag) })
  .openapi('PropertyQuality');

export const TeamQuality = z
  .object({
    properties_checked: z.number().int(),
    properties_flagged: z.number().int(),
    flags: z.number().int(),
    by_code: z.record(z.string(), z.number().int()),
    by_severity: z.object({ info: z.number().int(), warning: z.number().int(), error: z.number().int() }),
    properties: z.array(PropertyQuality).openapi({ description: 'The flagged properties, most errors first (at most `limit`)' }),
    checked_at: Timestamp,
  })
  .openapi('TeamQuality');

export const TeamQualityQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: 'Flagged properties listed, at most 100' }),
  severity: z.enum(['info', 'warning', 'error']).optional().openapi({ description: 'Only flags of this severity or worse' }),
});
