/**
 * The ids a lead body may refer to: a property and an assignee, both in the caller's team.
 */
import type { Db } from '../db/client.js';
import { checkReferences } from '../lib/team-scope.js';

export interface LeadReferences {
  property_id?: string | null;
  assigned_to?: string | null;
}

/** 422 when the property or the assignee is not in the team; `assigneePointer` names the field sent. */
export function checkLeadReferences(db: Db, teamId: string, body: LeadReferences, assigneePointer = '/assigned_to'): Promise<void> {
  return checkReferences(db, teamId, [
    { kind: 'property', id: body.property_id, pointer: '/property_id' },
    { kind: 'user', id: body.assigned_to, pointer: assigneePointer },
  ]);
}
