/**
 * The properties domain's zod schemas: request bodies (strict: an unknown field is 422), the
 * list query, and the JSON the API answers with (snake_case). They validate requests and
 * generate the OpenAPI document, so the docs cannot drift from the behaviour.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { pageSchema, PageQuery } from '../lib/pagination.js';
import { requireSomeField } from '../lib/patch-body.js';
import { clearableText, filterText, storedText } from '../lib/text.js';

/** A property's place in the acquisition pipeline, in the order a deal usually travels. */
export const PROPERTY_STAGES = ['new', 'outreach', 'contacted', 'qualified', 'negotiating', 'under_contract', 'closed', 'lost', 'archived'] as const;
export type PropertyStage = (typeof PROPERTY_STAGES)[number];

export const PROPERTY_TYPES = ['single_family', 'condo', 'townhouse', 'multi_family', 'land', 'commercial'] as const;

// The 50 states, DC and the inhabited territories: USPS two-letter codes.
const US_STATE_CODES = new Set(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP'.split(' '),
);

const cents = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
const halves = (n: number) => Number.isInteger(n * 2);

/** The fields a caller describes a property with; everything but the pipeline stage. */
const PropertyFields = z.object({
  address: storedText(200).openapi({ example: '123 Enterprise Blvd' }),
  city: storedText(100).openapi({ example: 'San Francisco' }),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .refine((s) => US_STATE_CODES.has(s), 'must be a two-letter US state code, such as CA')
    .openapi({ description: 'USPS two-letter code; any case, stored upper-cased', example: 'CA' }),
  zip: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'must be a US ZIP code: 5 digits, or ZIP+4 such as 94102-1234')
    .openapi({ example: '94102' }),
  price: z.number().min(0).max(999_999_999_999.99).refine(cents, 'must have at most 2 decimal places').nullable().optional().openapi({ example: 1500000 }),
  bedrooms: z.number().int().min(0).max(100).nullable().optional().openapi({ example: 3 }),
  bathrooms: z.number().min(0).max(100).refine(halves, 'must be a whole or half number, such as 2.5').nullable().optional().openapi({ example: 2 }),
  sqft: z.number().int().min(1).max(1_000_000_000).nullable().optional().openapi({ example: 1850 }),
  property_type: z.enum(PROPERTY_TYPES).nullable().optional(),
  owner_name: clearableText(200).openapi({ example: 'Jane Seller' }),
  description: clearableText(5000),
});

export const CreatePropertyBody = PropertyFields.extend({
  stage: z.enum(PROPERTY_STAGES).default('new'),
})
  .strict()
  .openapi('CreateProperty');
export type CreatePropertyInput = z.output<typeof CreatePropertyBody>;

const STAGE_IN_PATCH = 'The stage cannot be changed with PATCH; use POST /properties/{id}/stage with {"stage": "..."}.';

export const UpdatePropertyBody = requireSomeField(
  PropertyFields.partial()
    // Declared (as never valid) rather than left to .strict(), so the 422 points at /stage and says
    // where stages move. z.unknown rather than z.never: the OpenAPI generator cannot render never.
    .extend({ stage: z.unknown().refine(() => false, STAGE_IN_PATCH).optional().openapi({ description: STAGE_IN_PATCH }) })
    .strict(),
).openapi('UpdateProperty');
export type UpdatePropertyInput = z.output<typeof UpdatePropertyBody>;

export const StageChangeBody = z
  .object({
    stage: z.enum(PROPERTY_STAGES).openapi({ example: 'qualified' }),
    note: clearableText(1000).openapi({ example: 'Owner called back, open to an offer' }),
  })
  .strict()
  .openapi('PropertyStageChange');

export const PropertySchema = z
  .object({
    id: z.string(),
    address: z.string(),
    city: z.string(),
    state: z.string(),
    zip: z.string(),
    price: z.number().nullable(),
    bedrooms: z.number().int().nullable(),
    bathrooms: z.number().nullable(),
    sqft: z.number().int().nullable(),
    property_type: z.enum(PROPERTY_TYPES).nullable(),
    owner_name: z.string().nullable(),
    description: z.string().nullable(),
    stage: z.enum(PROPERTY_STAGES),
    created_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Property');
export type PropertyJson = z.infer<typeof PropertySchema>;

export const PROPERTY_SORTS = ['-created_at', 'created_at', '-updated_at', 'updated_at', '-price', 'price', 'address'] as const;
export type PropertySort = (typeof PROPERTY_SORTS)[number];
export const DEFAULT_SORT = '-created_at' satisfies PropertySort;

const money = z.coerce.number().min(0).max(999_999_999_999.99);

export const PropertyListQuery = PageQuery.extend({
  city: filterText(100).openapi({ description: 'Exact city, any case' }),
  state: filterText(2).openapi({ description: 'Two-letter state code, any case' }),
  zip: filterText(10),
  stage: z.enum(PROPERTY_STAGES).optional(),
  min_price: money.optional(),
  max_price: money.optional(),
  min_bedrooms: z.coerce.number().int().min(0).max(100).optional(),
  q: filterText(200).openapi({ description: 'Case-insensitive substring of address, city or owner name' }),
  sort: z.enum(PROPERTY_SORTS).default(DEFAULT_SORT).openapi({ description: 'Field to sort by; a leading - sorts descending' }),
}).refine((q) => q.min_price === undefined || q.max_price === undefined || q.min_price <= q.max_price, {
  message: 'max_price must not be below min_price',
  path: ['max_price'],
});
export type PropertyListInput = z.output<typeof PropertyListQuery>;

export const PropertyPage = pageSchema(PropertySchema, 'PropertyPage');

export const PROPERTY_EVENT_KINDS = ['created', 'updated', 'stage_changed'] as const;
export type PropertyEventKind = (typeof PROPERTY_EVENT_KINDS)[number];

export const PropertyEventSchema = z
  .object({
    id: z.string(),
    kind: z.enum(PROPERTY_EVENT_KINDS),
    data: z.record(z.string(), z.unknown()).openapi({
      description: 'created: {stage}; updated: {changes: {field: {from, to}}}; stage_changed: {from, to, note}',
    }),
    actor_id: z.string(),
    created_at: Timestamp,
  })
  .openapi('PropertyEvent');
export type PropertyEventJson = z.infer<typeof PropertyEventSchema>;

export const PropertyEventPage = pageSchema(PropertyEventSchema, 'PropertyEventPage');

/** The timeline pages by offset only: events are few per property and ordered by id. */
export const TimelineQuery = PageQuery.pick({ limit: true, offset: true });
