/**
 * Workflow rows to the JSON the API answers with (snake_case, ISO 8601 timestamps).
 */
import { isoOrNull } from '../lib/timestamps.js';
import type { NextBestActionJson, SmartListFilters, SmartListJson, TaskJson } from './schema.js';
import type { nextBestActions, smartLists, tasks } from './tables.js';

export type TaskRow = typeof tasks.$inferSelect;
export type NextBestActionRow = typeof nextBestActions.$inferSelect;
export type SmartListRow = typeof smartLists.$inferSelect;

export function taskJson(row: TaskRow): TaskJson {
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    status: row.status,
    assignee_id: row.assigneeId,
    due_at: isoOrNull(row.dueAt),
    lead_id: row.leadId,
    property_id: row.propertyId,
    deal_id: row.dealId,
    source: row.source as TaskJson['source'],
    communication_id: row.communicationId,
    created_by: row.createdBy,
    completed_at: isoOrNull(row.completedAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function nextBestActionJson(row: NextBestActionRow): NextBestActionJson {
  return {
    id: row.id,
    property_id: row.propertyId,
    rule_id: row.ruleId,
    subject_id: row.subjectId || null,
    title: row.title,
    explanation: row.explanation,
    status: row.status,
    completed_by: row.completedBy,
    completed_at: isoOrNull(row.completedAt),
    created_at: row.createdAt.toISOString(),
  };
}

export function smartListJson(row: SmartListRow): SmartListJson {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters as SmartListFilters,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
