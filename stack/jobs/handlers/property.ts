/**
 * Shared by the property job types: the payload schema (`{property_id}`), the submit-time check
 * that the property is in the caller's team, and the handler-time load (a property deleted
 * since the submit is a permanent failure: no retry can bring it back).
 */
import { z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { properties, teams } from '../../db/schema.js';
import { checkReferences } from '../../lib/team-scope.js';
import { PermanentJobError, type RunningJob } from '../registry.js';

export const PropertyJobPayload = z.object({ property_id: z.string().min(1).max(200) }).strict();

export async function validatePropertyPayload({ db, teamId, payload }: { db: Db; teamId: string; payload: Record<string, unknown> }): Promise<void> {
  await checkReferences(db, teamId, [{ kind: 'property', id: String(payload.property_id), pointer: '/payload/property_id' }]);
}

export async function loadJobProperty(db: Db, job: RunningJob) {
  const id = String(job.payload.property_id);
  const [row] = await db
    .select({ property: properties, teamName: teams.name })
    .from(properties)
    .innerJoin(teams, eq(teams.id, properties.teamId))
    .where(and(eq(properties.id, id), eq(properties.teamId, job.teamId)))
    .limit(1);
  if (!row) throw new PermanentJobError(`Property ${id} no longer exists in the team.`);
  return row;
}
