/**
 * Reads and writes of propensity signals, shared by the routes and the enrichment job.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { SignalType } from './propensity-model.js';
import { propertySignals } from './tables.js';

export type SignalRow = typeof propertySignals.$inferSelect;

export interface SignalInput {
  teamId: string;
  propertyId: string;
  type: SignalType;
  value: number | boolean;
  source: string;
  observedAt?: Date;
}

export async function insertSignal(db: Db, input: SignalInput): Promise<SignalRow> {
  const [row] = await db
    .insert(propertySignals)
    .values({ id: crypto.randomUUID(), teamId: input.teamId, propertyId: input.propertyId, type: input.type, value: input.value, source: input.source, ...(input.observedAt ? { observedAt: input.observedAt } : {}) })
    .returning();
  return row;
}

/** The newest observation of each signal type for the property (by observed_at, then insertion). */
export async function latestSignals(db: Db, teamId: string, propertyId: string): Promise<SignalRow[]> {
  const rows = await db
    .select()
    .from(propertySignals)
    .where(and(eq(propertySignals.teamId, teamId), eq(propertySignals.propertyId, propertyId)))
    .orderBy(desc(propertySignals.observedAt), desc(propertySignals.createdAt), desc(propertySignals.id));
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.type) && seen.add(row.type));
}

/**
 * Records a signal unless the newest one of its type already says the same from the same
 * source: running enrichment twice adds nothing. Returns the new row, or undefined.
 */
export async function insertSignalIfChanged(db: Db, input: SignalInput): Promise<SignalRow | undefined> {
  const [latest] = await db
    .select()
    .from(propertySignals)
    .where(and(eq(propertySignals.teamId, input.teamId), eq(propertySignals.propertyId, input.propertyId), eq(propertySignals.type, input.type)))
    .orderBy(desc(propertySignals.observedAt), desc(propertySignals.createdAt))
    .limit(1);
  if (latest && latest.source === input.source && latest.value === input.value) return undefined;
  return insertSignal(db, input);
}

export function toSignalJson(row: SignalRow) {
  return {
    id: row.id,
    property_id: row.propertyId,
    type: row.type as SignalType,
    value: row.value as number | boolean,
    source: row.source,
    observed_at: row.observedAt.toISOString(),
    created_at: row.createdAt.toISOString(),
  };
}
