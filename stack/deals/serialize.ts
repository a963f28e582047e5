/**
 * Rows to JSON and JSON to rows for the deals domain (snake_case out, camelCase columns in).
 */
import type { z } from '@hono/zod-openapi';
import type { deals } from '../db/schema.js';
import { definedOnly } from '../lib/columns.js';
import { isoOrNull } from '../lib/timestamps.js';
import type { Deal, DealUpdate } from './schema.js';
import type { DealStatus } from './transitions.js';

type DealValues = Partial<typeof deals.$inferInsert>;

export function dealJson(row: typeof deals.$inferSelect): z.infer<typeof Deal> {
  return {
    id: row.id,
    title: row.title,
    lead_id: row.leadId,
    property_id: row.propertyId,
    status: row.status as DealStatus,
    value: row.value,
    expected_close_date: row.expectedCloseDate,
    closed_at: isoOrNull(row.closedAt),
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The columns a create or update body sets, status excepted (it moves through the pipeline rules). */
export function dealValues(body: Omit<DealUpdate, 'status'>): DealValues {
  return definedOnly<DealValues>({
    title: body.title,
    leadId: body.lead_id,
    propertyId: body.property_id,
    value: body.value,
    expectedCloseDate: body.expected_close_date,
  });
}
