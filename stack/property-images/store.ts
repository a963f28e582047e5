/** Rows and objects of property images: lookups scoped by team and property, the storage key. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { notFoundInTeam } from '../lib/team-scope.js';
import { isStorableText } from '../lib/text.js';
import { propertyImages } from './tables.js';

export type ImageRow = typeof propertyImages.$inferSelect;

/** Every object of a property lives under this prefix, so a deleted property's files can go too. */
export const propertyPrefix = (teamId: string, propertyId: string) => `teams/${teamId}/properties/${propertyId}/`;
export const imageKey = (teamId: string, propertyId: string, imageId: string) => `${propertyPrefix(teamId, propertyId)}images/${imageId}`;

export async function findImage(db: Db, scope: { teamId: string; propertyId: string; id: string }): Promise<ImageRow> {
  if (!isStorableText(scope.id)) throw notFoundInTeam('image', scope.id);
  const [row] = await db
    .select()
    .from(propertyImages)
    .where(and(eq(propertyImages.id, scope.id), eq(propertyImages.teamId, scope.teamId), eq(propertyImages.propertyId, scope.propertyId)))
    .limit(1);
  if (!row) throw notFoundInTeam('image', scope.id);
  return row;
}

export function toImageJson(row: ImageRow) {
  return {
    id: row.id,
    property_id: row.propertyId,
    filename: row.filename,
    content_type: row.contentType as 'image/jpeg',
    size: row.size,
    sha256: row.sha256,
    created_at: row.createdAt.toISOString(),
    url: `/properties/${row.propertyId}/images/${row.id}`,
  };
}
