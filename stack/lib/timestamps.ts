/**
 * Time as the database keeps it. Writes take "now" from the database, never from this process,
 * so replicas with drifting clocks still order rows correctly; millisecond precision matches what
 * JavaScript dates carry, so keyset cursors round-trip exactly.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

export const dbNow = (): SQL => sql`date_trunc('milliseconds', now())`;

/**
 * The `updated_at` of a write: strictly later than the stored value even within one millisecond
 * (or on a clock that stepped back), so a change always shows in updated_at and sorting by it
 * follows the order of writes. The statement's clock, not the transaction's start: a write that
 * waited for a lock is later than the one it waited for.
 */
export function nextUpdatedAt(updatedAt: PgColumn): SQL {
  return sql`greatest(date_trunc('milliseconds', clock_timestamp()), ${updatedAt} + interval '1 millisecond')`;
}

export function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
