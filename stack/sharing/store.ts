/**
 * Rows of the sharing domain to JSON, lookups scoped by team, and the short codes of links.
 */
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { properties } from '../db/schema.js';
import { findInTeam, notFoundInTeam } from '../lib/team-scope.js';
import { isStorableText } from '../lib/text.js';
import { invalidRequest } from '../lib/validation.js';
import { dealRoomArtifacts, dealRooms, shareLinks, type ShareResourceType } from './tables.js';

export type ShareLinkRow = typeof shareLinks.$inferSelect;
export type DealRoomRow = typeof dealRooms.$inferSelect;
export type ArtifactRow = typeof dealRoomArtifacts.$inferSelect;

/**
 * A new link code: 7 random bytes as base64url, 10 URL-safe characters (56 bits), so codes
 * cannot be guessed or enumerated; uniqueness is the database's unique index (the caller retries).
 */
export function newShareCode(): string {
  return crypto.randomBytes(7).toString('base64url');
}

export type ShareStatus = 'active' | 'expired' | 'revoked';

export function shareStatus(row: ShareLinkRow, now = new Date()): ShareStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export function shareLinkJson(row: ShareLinkRow) {
  return {
    id: row.id,
    code: row.code,
    url: `/s/${row.code}`,
    resource_type: row.resourceType,
    resource_id: row.resourceId,
    fields: row.fields,
    status: shareStatus(row),
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
  };
}

export function findShareLink(db: Db, teamId: string, id: string): Promise<ShareLinkRow> {
  return findInTeam(db, shareLinks, { teamId, id }, { noun: 'share link' });
}

export function findDealRoom(db: Db, teamId: string, id: string): Promise<DealRoomRow> {
  return findInTeam(db, dealRooms, { teamId, id }, { noun: 'deal room' });
}

/** The resource a new link points at must be the caller's team's: otherwise a 422 on /resource_id. */
export async function checkShareable(db: Db, teamId: string, type: ShareResourceType, id: string): Promise<void> {
  const table = type === 'property' ? properties : dealRooms;
  const [found] = isStorableText(id) ? await db.select({ id: table.id }).from(table).where(and(eq(table.id, id), eq(table.teamId, teamId))).limit(1) : [];
  if (!found) {
    const noun = type === 'property' ? 'property' : 'deal room';
    throw invalidRequest('The link would share something that does not exist in your team.', [{ detail: `No ${noun} with id ${id} in your team.`, pointer: '/resource_id' }]);
  }
}

export const artifactKey = (teamId: string, roomId: string, artifactId: string) => `teams/${teamId}/deal-rooms/${roomId}/artifacts/${artifactId}`;

export function artifactJson(row: ArtifactRow) {
  return {
    id: row.id,
    room_id: row.roomId,
    filename: row.filename,
    content_type: row.contentType,
    size: row.size,
    sha256: row.sha256,
    created_at: row.createdAt.toISOString(),
    url: `/deal-rooms/${row.roomId}/artifacts/${row.id}`,
  };
}

export async function findArtifact(db: Db, scope: { teamId: string; roomId: string; id: string }): Promise<ArtifactRow> {
  if (!isStorableText(scope.id)) throw notFoundInTeam('artifact', scope.id);
  const [row] = await db
    .select()
    .from(dealRoomArtifacts)
    .where(and(eq(dealRoomArtifacts.id, scope.id), eq(dealRoomArtifacts.teamId, scope.teamId), eq(dealRoomArtifacts.roomId, scope.roomId)))
    .limit(1);
  if (!row) throw notFoundInTeam('artifact', scope.id);
  return row;
}
