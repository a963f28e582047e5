/**
 * Reads and writes of properties that more than one operation needs. Every write of a property
 * goes with its history event in the same transaction, so the timeline never misses or invents
 * a change.
 */
import type { Db } from '../db/client.js';
import { properties, propertyEvents } from '../db/schema.js';
import type { AuthUser } from '../lib/context.js';
import { nextRevision } from '../lib/preconditions.js';
import { findInTeam, inTeam, lockInTeam } from '../lib/team-scope.js';
import type { PropertyEventKind } from './schema.js';
import type { PropertyRow } from './serialize.js';

const NOUN = 'property';

/** The caller's team's property with this id, or a 404 problem. */
export function findProperty(db: Db, user: AuthUser, id: string): Promise<PropertyRow> {
  return findInTeam(db, properties, { teamId: user.teamId, id }, { noun: NOUN });
}

/** The property locked until `tx` commits, once If-Match passed: 404, then 412. */
export function lockProperty(tx: Db, user: AuthUser, id: string, ifMatch: string | undefined): Promise<PropertyRow> {
  return lockInTeam(tx, properties, { teamId: user.teamId, id }, { noun: NOUN, ifMatch });
}

export interface HistoryEvent {
  kind: PropertyEventKind;
  data: Record<string, unknown>;
}

export async function recordEvent(db: Db, property: PropertyRow, actor: AuthUser, event: HistoryEvent): Promise<void> {
  await db.insert(propertyEvents).values({
    teamId: property.teamId,
    propertyId: property.id,
    actorId: actor.id,
    kind: event.kind,
    data: event.data,
  });
}

/**
 * Writes `set` on a locked property, bumps its version and updated_at, and records `event`.
 * Call inside a transaction, after `lockProperty(tx, ...)`.
 */
export async function applyChange(
  tx: Db,
  property: PropertyRow,
  actor: AuthUser,
  change: { set: Partial<typeof properties.$inferInsert>; event: HistoryEvent },
): Promise<PropertyRow> {
  const [updated] = await tx
    .update(properties)
    .set({ ...change.set, ...nextRevision(properties) })
    .where(inTeam(properties, property))
    .returning();
  await recordEvent(tx, updated, actor, change.event);
  return updated;
}
