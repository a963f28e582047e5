/**
 * The ids a deal body may refer to: a lead and a property, both in the caller's team.
 */
import type { Db } from '../db/client.js';
import { checkReferences } from '../lib/team-scope.js';

export function checkDealReferences(db: Db, teamId: string, body: { lead_id?: string | null; property_id?: string | null }): Promise<void> {
  return checkReferences(db, teamId, [
    { kind: 'lead', id: body.lead_id, pointer: '/lead_id' },
    { kind: 'property', id: body.property_id, pointer: '/property_id' },
  ]);
}
