/**
 * Rows to JSON and JSON to rows for the leads domain: the API speaks snake_case, the schema
 * camelCase, and timestamps leave as ISO 8601 strings.
 */
import type { z } from '@hono/zod-openapi';
import type { leadActivities, leadNotes, leads } from '../db/schema.js';
import { definedOnly } from '../lib/columns.js';
import type { Activity, ActivityType, Lead, LeadStatus, LeadUpdate, Note } from './schema.js';

type LeadRow = typeof leads.$inferSelect;
type LeadValues = Partial<typeof leads.$inferInsert>;

export function leadJson(row: LeadRow): z.infer<typeof Lead> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    source: row.source,
    status: row.status as LeadStatus,
    property_id: row.propertyId,
    assigned_to: row.assignedTo,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The columns a create or update body sets; fields left out stay out. */
export function leadValues(body: LeadUpdate): LeadValues {
  return definedOnly<LeadValues>({
    name: body.name,
    email: body.email,
    phone: body.phone,
    source: body.source,
    status: body.status,
    propertyId: body.property_id,
    assignedTo: body.assigned_to,
  });
}

export function activityJson(row: typeof leadActivities.$inferSelect): z.infer<typeof Activity> {
  return {
    id: row.id,
    lead_id: row.leadId,
    type: row.type as ActivityType,
    note: row.note,
    outcome: row.outcome,
    actor_id: row.actorId,
    created_at: row.createdAt.toISOString(),
  };
}

export function noteJson(row: typeof leadNotes.$inferSelect): z.infer<typeof Note> {
  return { id: row.id, lead_id: row.leadId, body: row.body, author_id: row.authorId, created_at: row.createdAt.toISOString() };
}
