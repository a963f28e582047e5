/**
 * The leads domain's request and response shapes (zod, registered in the OpenAPI document).
 * Requests are strict: an unknown field is a 422, so a typo or a `team_id` never passes silently.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../lib/pagination.js';
import { Timestamp } from '../lib/openapi.js';
import { requireSomeField } from '../lib/patch-body.js';
import { filterText, RefId, storedText } from '../lib/text.js';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'nurturing', 'converted', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Activities that reach the person; the first one moves a `new` lead to `contacted`. */
export const CONTACT_ACTIVITY_TYPES = ['call', 'email', 'sms', 'meeting'] as const;
export const ACTIVITY_TYPES = [...CONTACT_ACTIVITY_TYPES, 'showing', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const LeadStatusSchema = z.enum(LEAD_STATUSES).openapi({ description: 'Where the lead stands', example: 'new' });

const leadFields = {
  name: storedText(200).openapi({ example: 'Jane Prospect' }),
  email: z.email().max(320).nullish().openapi({ example: 'jane@example.com' }),
  phone: storedText(50).nullish().openapi({ example: '555-0100' }),
  source: storedText(100).nullish().openapi({ description: 'Where the lead came from (free text)', example: 'website' }),
  status: LeadStatusSchema.optional(),
  property_id: RefId.nullish().openapi({ description: 'A property of your team the lead is interested in' }),
  assigned_to: RefId.nullish().openapi({ description: 'An active member of your team' }),
};

export const LeadCreate = z.object(leadFields).strict().openapi('LeadCreate');
export type LeadCreate = z.infer<typeof LeadCreate>;

export const LeadUpdate = requireSomeField(z.object(leadFields).partial().strict()).openapi('LeadUpdate', {
  description: 'Any field of LeadCreate; null clears an optional one',
});
export type LeadUpdate = z.infer<typeof LeadUpdate>;

export const Lead = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    source: z.string().nullable(),
    status: LeadStatusSchema,
    property_id: z.string().nullable(),
    assigned_to: z.string().nullable(),
    created_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Lead');

export const LeadListQuery = PageQuery.extend({
  status: LeadStatusSchema.optional(),
  source: filterText(100).openapi({ description: 'Exact source, case-insensitive' }),
  assigned_to: RefId.optional(),
  property_id: RefId.optional(),
  q: filterText(200).openapi({ description: 'Text contained in the name, email or phone' }),
});

export const LeadPage = pageSchema(Lead, 'LeadPage');

export const ActivityCreate = z
  .object({
    type: z.enum(ACTIVITY_TYPES).openapi({ example: 'call' }),
    note: storedText(5000).nullish().openapi({ example: 'Initial contact - interested in 3BR homes' }),
    outcome: storedText(200).nullish().openapi({ description: 'Free text', example: 'positive' }),
  })
  .strict()
  .openapi('LeadActivityCreate');

export const Activity = z
  .object({
    id: z.string(),
    lead_id: z.string(),
    type: z.enum(ACTIVITY_TYPES),
    note: z.string().nullable(),
    outcome: z.string().nullable(),
    actor_id: z.string(),
    created_at: Timestamp,
  })
  .openapi('LeadActivity');

export const ActivityPage = pageSchema(Activity, 'LeadActivityPage');

export const NoteCreate = z
  .object({ body: storedText(5000).openapi({ example: 'Prefers calls after 5pm.' }) })
  .strict()
  .openapi('LeadNoteCreate');

export const Note = z
  .object({ id: z.string(), lead_id: z.string(), body: z.string(), author_id: z.string(), created_at: Timestamp })
  .openapi('LeadNote');

export const NotePage = pageSchema(Note, 'LeadNotePage');

export const AssignBody = z
  .object({ user_id: RefId.nullable().openapi({ description: 'An active member of your team; null unassigns' }) })
  .strict()
  .openapi('LeadAssign');
