/**
 * The workflow domain's zod schemas: tasks, the team's workflow settings, next-best-actions and
 * smart lists. Requests are strict (an unknown field is a 422 pointing at it); responses are
 * snake_case with ISO 8601 timestamps.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { PageQuery, pageSchema } from '../lib/pagination.js';
import { requireSomeField } from '../lib/patch-body.js';
import { clearableText, filterText, RefId, storedText } from '../lib/text.js';
import { PROPERTY_STAGES, PROPERTY_TYPES } from '../properties/schema.js';

// ---- tasks

export const TASK_STATUSES = ['open', 'done'] as const;
export const TASK_SOURCES = ['manual', 'inbound_reply'] as const;

const DateTime = z.iso.datetime({ offset: true }).openapi({ format: 'date-time', example: '2026-12-01T17:00:00Z' });

const taskLinks = {
  lead_id: RefId.nullish().openapi({ description: 'A lead of your team' }),
  property_id: RefId.nullish().openapi({ description: 'A property of your team' }),
  deal_id: RefId.nullish().openapi({ description: 'A deal of your team' }),
};

export const TaskCreate = z
  .object({
    title: storedText(200).openapi({ example: 'Call Jane back about the viewing' }),
    notes: clearableText(5000),
    assignee_id: RefId.nullish().openapi({ description: 'An active member of your team; you by default' }),
    due_at: DateTime.nullish(),
    ...taskLinks,
  })
  .strict()
  .openapi('TaskCreate');
export type TaskCreate = z.infer<typeof TaskCreate>;

export const TaskUpdate = requireSomeField(
  z
    .object({
      title: storedText(200).optional(),
      notes: clearableText(5000),
      assignee_id: RefId.nullish().openapi({ description: 'An active member of your team (422 otherwise); null unassigns' }),
      due_at: DateTime.nullish().openapi({ description: 'null clears it' }),
      ...taskLinks,
    })
    .strict(),
).openapi('TaskUpdate', { description: 'Any field of TaskCreate; null clears an optional one. Complete a task with POST /workflow/tasks/{id}/complete.' });
export type TaskUpdate = z.infer<typeof TaskUpdate>;

export const Task = z
  .object({
    id: z.string(),
    title: z.string(),
    notes: z.string().nullable(),
    status: z.enum(TASK_STATUSES),
    assignee_id: z.string().nullable(),
    due_at: Timestamp.nullable(),
    lead_id: z.string().nullable(),
    property_id: z.string().nullable(),
    deal_id: z.string().nullable(),
    source: z.enum(TASK_SOURCES).openapi({ description: 'manual, or inbound_reply: made when a lead replied by SMS or email' }),
    communication_id: z.string().nullable().openapi({ description: 'The inbound message that made the task' }),
    created_by: z.string().nullable().openapi({ description: 'null for tasks the platform made' }),
    completed_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Task');
export type TaskJson = z.infer<typeof Task>;

export const TaskListQuery = PageQuery.extend({
  assignee: filterText(200).openapi({ description: 'A member id, `me`, or `none` for unassigned tasks' }),
  status: z.enum(TASK_STATUSES).optional(),
  due_before: DateTime.optional().openapi({ description: 'Only tasks due strictly before this instant' }),
  lead_id: RefId.optional(),
  property_id: RefId.optional(),
});

export const TaskPage = pageSchema(Task, 'TaskPage');

// ---- settings

export const ASSIGN_STRATEGIES = ['round_robin', 'least_loaded'] as const;
export type AssignStrategy = (typeof ASSIGN_STRATEGIES)[number];

export const WorkflowSettingsBody = z
  .object({
    auto_assign_on_reply: z.boolean().openapi({ description: 'Assign an unassigned lead when it replies by SMS or email' }),
    strategy: z.enum(ASSIGN_STRATEGIES).default('round_robin').openapi({
      description: 'round_robin: active agents and admins in turn; least_loaded: the one with the fewest open leads',
    }),
  })
  .strict()
  .openapi('WorkflowSettingsUpdate');

export const WorkflowSettings = z
  .object({ auto_assign_on_reply: z.boolean(), strategy: z.enum(ASSIGN_STRATEGIES), updated_at: Timestamp.nullable() })
  .openapi('WorkflowSettings');

// ---- next-best-actions

export const NBA_STATUSES = ['open', 'done', 'resolved'] as const;

export const NextBestAction = z
  .object({
    id: z.string(),
    property_id: z.string(),
    rule_id: z.string().openapi({ example: 'missing_price' }),
    subject_id: z.string().nullable().openapi({ description: 'The lead or deal the action is about, if not the property itself' }),
    title: z.string().openapi({ example: 'Set an asking price' }),
    explanation: z.string().openapi({ example: 'The property has no price, so it cannot be marketed or valued.' }),
    status: z.enum(NBA_STATUSES).openapi({ description: 'open; done (completed by a user); resolved (no longer applied at the last generation)' }),
    completed_by: z.string().nullable(),
    completed_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .openapi('NextBestAction');
export type NextBestActionJson = z.infer<typeof NextBestAction>;

export const NextBestActionQuery = PageQuery.extend({
  property_id: RefId.optional(),
  status: z.enum(NBA_STATUSES).default('open'),
});

export const NextBestActionPage = pageSchema(NextBestAction, 'NextBestActionPage');

export const GeneratedActions = z
  .object({
    property_id: z.string(),
    created: z.number().int().openapi({ description: 'Actions this generation opened' }),
    resolved: z.number().int().openapi({ description: 'Open actions whose rule no longer applies, now resolved' }),
    items: z.array(NextBestAction).openapi({ description: 'The property’s open actions after this generation' }),
  })
  .openapi('GeneratedNextBestActions');

// ---- smart lists

export const SmartListFilters = z
  .object({
    stages: z.array(z.enum(PROPERTY_STAGES)).min(1).max(PROPERTY_STAGES.length).optional().openapi({ description: 'Any of these stages' }),
    city: storedText(100).optional().openapi({ description: 'Exact city, any case' }),
    state: z.string().trim().length(2).toUpperCase().optional().openapi({ description: 'Two-letter state code' }),
    property_type: z.enum(PROPERTY_TYPES).optional(),
    min_price: z.number().min(0).optional(),
    max_price: z.number().min(0).optional(),
    min_bedrooms: z.number().int().min(0).max(100).optional(),
    max_bedrooms: z.number().int().min(0).max(100).optional(),
    created_within_days: z.number().int().min(1).max(3650).optional().openapi({ description: 'Created in the last N days' }),
    has_linked_lead: z.boolean().optional().openapi({ description: 'true: at least one lead is interested in it; false: none' }),
    missing_price: z.boolean().optional().openapi({ description: 'true: no price yet; false: priced' }),
  })
  .strict()
  .refine((f) => f.min_price === undefined || f.max_price === undefined || f.min_price <= f.max_price, { message: 'max_price must not be below min_price', path: ['max_price'] })
  .refine((f) => f.min_bedrooms === undefined || f.max_bedrooms === undefined || f.min_bedrooms <= f.max_bedrooms, { message: 'max_bedrooms must not be below min_bedrooms', path: ['max_bedrooms'] })
  .openapi('SmartListFilters', { description: 'Every filter given must hold (AND); an unknown field is a 422', example: { stages: ['new', 'outreach'], state: 'CA', min_bedrooms: 3 } });
export type SmartListFilters = z.infer<typeof SmartListFilters>;

export const SmartListCreate = z
  .object({ name: storedText(200).openapi({ example: 'Fresh CA 3BR+' }), filters: SmartListFilters })
  .strict()
  .openapi('SmartListCreate');

export const SmartListUpdate = requireSomeField(z.object({ name: storedText(200).optional(), filters: SmartListFilters.optional() }).strict()).openapi('SmartListUpdate');

export const SmartList = z
  .object({ id: z.string(), name: z.string(), filters: SmartListFilters, created_by: z.string(), created_at: Timestamp, updated_at: Timestamp })
  .openapi('SmartList');
export type SmartListJson = z.infer<typeof SmartList>;

export const SmartListPage = pageSchema(SmartList, 'SmartListPage');
