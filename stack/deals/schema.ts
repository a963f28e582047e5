/**
 * The deals domain's request and response shapes (zod, registered in the OpenAPI document).
 * Requests are strict: an unknown field is a 422.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { PageQuery, pageSchema } from '../lib/pagination.js';
import { requireSomeField } from '../lib/patch-body.js';
import { RefId, storedText } from '../lib/text.js';
import { DEAL_STATUSES, OPEN_DEAL_STATUSES } from './transitions.js';

export const DealStatusSchema = z.enum(DEAL_STATUSES).openapi({ description: 'Pipeline stage', example: 'negotiation' });
// numeric(14, 2): cents are kept, anything finer would be rounded away silently.
const Money = z.number().min(0).max(999_999_999_999.99).multipleOf(0.01, { message: 'Use at most 2 decimal places.' });
const CloseDate = z.iso.date().openapi({ description: 'YYYY-MM-DD', example: '2026-12-31' });

const dealFields = {
  title: storedText(200).nullish().openapi({ example: '123 Demo St - Jane Seller' }),
  lead_id: RefId.nullish().openapi({ description: 'A lead of your team' }),
  property_id: RefId.nullish().openapi({ description: 'A property of your team' }),
  value: Money.nullish().openapi({ example: 1500000 }),
  expected_close_date: CloseDate.nullish(),
};

export const DealCreate = z
  .object({
    ...dealFields,
    status: z
      .enum(OPEN_DEAL_STATUSES, { message: `A deal starts in an open status: ${OPEN_DEAL_STATUSES.join(', ')}.` })
      .optional()
      .openapi({ description: 'Starting stage (default negotiation); a deal cannot start closed' }),
  })
  .strict()
  .openapi('DealCreate');

export const DealUpdate = requireSomeField(z.object({ ...dealFields, status: DealStatusSchema.optional() }).strict()).openapi('DealUpdate', {
  description: 'Any field of DealCreate; null clears an optional one; status follows the pipeline',
});
export type DealUpdate = z.infer<typeof DealUpdate>;

export const Deal = z
  .object({
    id: z.string(),
    title: z.string().nullable(),
    lead_id: z.string().nullable(),
    property_id: z.string().nullable(),
    status: DealStatusSchema,
    value: z.number().nullable(),
    expected_close_date: z.string().nullable(),
    closed_at: Timestamp.nullable(),
    created_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Deal');

const Amount = z.coerce.number().min(0);
export const DealListQuery = PageQuery.extend({
  status: DealStatusSchema.optional(),
  lead_id: RefId.optional(),
  property_id: RefId.optional(),
  min_value: Amount.optional().openapi({ description: 'Deals worth at least this much' }),
  max_value: Amount.optional().openapi({ description: 'Deals worth at most this much' }),
}).refine((q) => q.min_value === undefined || q.max_value === undefined || q.min_value <= q.max_value, {
  message: 'min_value must not exceed max_value.',
  path: ['min_value'],
});

export const DealPage = pageSchema(Deal, 'DealPage');

export const DealHistory = z
  .object({
    items: z.array(
      z.object({
        from_status: DealStatusSchema.nullable().openapi({ description: 'null for the deal’s creation' }),
        to_status: DealStatusSchema,
        actor_id: z.string(),
        created_at: Timestamp,
      }),
    ),
  })
  .openapi('DealHistory');

export const Pipeline = z
  .object({
    stages: z.array(z.object({ status: DealStatusSchema, count: z.number().int(), total_value: z.number() })),
    open_value: z.number().openapi({ description: 'Total value of deals not yet closed' }),
    won_value: z.number().openapi({ description: 'Total value of closed_won deals' }),
  })
  .openapi('DealPipeline');
