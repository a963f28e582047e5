/**
 * Who gets a lead that replied while unassigned, when the team turned auto-assign on: an active
 * agent or admin, in turn (round_robin) or the one with the fewest open leads (least_loaded).
 * Runs inside the transaction that stores the inbound message; the settings row is locked so
 * two replies at once never both take the same turn.
 */
import { and, asc, count, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { leads, users } from '../db/schema.js';
import type { AssignStrategy } from './schema.js';
import { workflowSettings } from './tables.js';

export type WorkflowSettingsRow = typeof workflowSettings.$inferSelect;

/** Lead statuses that no longer need anyone: they do not count towards a member's load. */
const FINISHED_LEAD_STATUSES = ['converted', 'lost', 'unqualified'];

export async function readSettings(db: Db, teamId: string, lock = false): Promise<WorkflowSettingsRow | undefined> {
  const query = db.select().from(workflowSettings).where(eq(workflowSettings.teamId, teamId)).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

async function eligibleMembers(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.active, true), inArray(users.role, ['admin', 'agent'])))
    .orderBy(asc(users.createdAt), asc(users.id));
  return rows.map((r) => r.id);
}

function nextInTurn(members: string[], last: string | null): string {
  const index = last === null ? -1 : members.indexOf(last);
  return members[(index + 1) % members.length];
}

async function leastLoaded(db: Db, teamId: string, members: string[]): Promise<string> {
  const loads = await db
    .select({ id: leads.assignedTo, open: count() })
    .from(leads)
    .where(and(eq(leads.teamId, teamId), inArray(leads.assignedTo, members), notInArray(leads.status, FINISHED_LEAD_STATUSES)))
    .groupBy(leads.assignedTo);
  const load = new Map(loads.map((l) => [l.id, l.open]));
  // Members are in joining order, so a tie goes to the longest-standing one.
  return members.reduce((best, id) => ((load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best));
}

/** The member to assign by the strategy, recording round robin's turn; undefined when nobody can take leads. */
export async function pickAssignee(tx: Db, settings: WorkflowSettingsRow): Promise<string | undefined> {
  const members = await eligibleMembers(tx, settings.teamId);
  if (members.length === 0) return undefined;
  const strategy = settings.strategy as AssignStrategy;
  const chosen = strategy === 'least_loaded' ? await leastLoaded(tx, settings.teamId, members) : nextInTurn(members, settings.lastAssigneeId);
  await tx.update(workflowSettings).set({ lastAssigneeId: chosen }).where(eq(workflowSettings.teamId, settings.teamId));
  return chosen;
}
