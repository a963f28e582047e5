/**
 * Idempotency records in the `idempotency_keys` table, one per team + user + key.
 *
 * A key is claimed with one atomic statement: `INSERT ... ON CONFLICT DO UPDATE ... WHERE`
 * the existing row is expired (or an in-flight claim whose process died long ago), RETURNING.
 * A row comes back only to the single winner; every concurrent claimer gets nothing and reads
 * the winner's row instead (409 while in flight, the stored response once complete). Each
 * claim gets a fresh row id, which the winner uses to complete or release: a taken-over stale
 * claim can never overwrite its successor. Times come from the database clock, so replicas
 * with skewed clocks agree on expiry.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';

/** An in-flight claim older than this is presumed abandoned (its process crashed) and can be taken over. */
export const IN_FLIGHT_LEASE_SECONDS = 300;

export interface KeyScope {
  teamId: string;
  userId: string;
  key: string;
}

export interface ClaimRequest extends KeyScope {
  fingerprint: string;
  method: string;
  path: string;
  ttlSeconds: number;
}

export interface StoredResponse {
  status: number;
  /** The headers worth replaying, lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { outcome: 'claimed'; id: string }
  | { outcome: 'in-flight' }
  | { outcome: 'mismatch' }
  | { outcome: 'completed'; response: StoredResponse };

async function tryClaim(db: Db, request: ClaimRequest): Promise<string | undefined> {
  const t = idempotencyKeys;
  const [won] = await db
    .insert(t)
    .values({
      id: crypto.randomUUID(),
      teamId: request.teamId,
      userId: request.userId,
      key: request.key,
      fingerprint: request.fingerprint,
      method: request.method,
      path: request.path,
      createdAt: sql`now()`,
      expiresAt: sql`now() + make_interval(secs => ${request.ttlSeconds})`,
    })
    .onConflictDoUpdate({
      target: [t.teamId, t.userId, t.key],
      set: {
        id: sql`excluded.id`,
        fingerprint: sql`excluded.fingerprint`,
        method: sql`excluded.method`,
        path: sql`excluded.path`,
        responseStatus: null,
        responseHeaders: null,
        responseBody: null,
        createdAt: sql`excluded.created_at`,
        completedAt: null,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: sql`${t.expiresAt} <= now() or (${t.completedAt} is null and ${t.createdAt} <= now() - make_interval(secs => ${IN_FLIGHT_LEASE_SECONDS}))`,
    })
    .returning({ id: t.id });
  return won?.id;
}

/**
 * Claims the key for this request, or says why not (in flight, other payload, already answered).
 *
 * @example
 * const claim = await claimKey(db, { teamId, userId, key, fingerprint, method: 'POST', path: '/properties', ttlSeconds: 86_400 });
 * if (claim.outcome === 'claimed') { ...run, then completeKey(db, claim.id, stored) or releaseKey(db, claim.id) }
 */
export async function claimKey(db: Db, request: ClaimRequest): Promise<Claim> {
  // The holder may release between our failed claim and our read: then claim again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = await tryClaim(db, request);
    if (id) return { outcome: 'claimed', id };
    const t = idempotencyKeys;
    const [row] = await db
      .select()
      .from(t)
      .where(and(eq(t.teamId, request.teamId), eq(t.userId, request.userId), eq(t.key, request.key)));
    if (!row) continue;
    if (row.fingerprint !== request.fingerprint) return { outcome: 'mismatch' };
    if (!row.completedAt || row.responseStatus === null) return { outcome: 'in-flight' };
    return {
      outcome: 'completed',
      response: { status: row.responseStatus, headers: (row.responseHeaders ?? {}) as Record<string, string>, body: row.responseBody ?? '' },
    };
  }
  return { outcome: 'in-flight' };
}

/** Stores the response of the claimed execution: from now on the key replays it. */
export async function completeKey(db: Db, id: string, response: StoredResponse): Promise<void> {
  const t = idempotencyKeys;
  await db
    .update(t)
    .set({ responseStatus: response.status, responseHeaders: response.headers, responseBody: response.body, completedAt: sql`now()` })
    .where(and(eq(t.id, id), isNull(t.completedAt)));
}

/** Gives the key back (the request was rejected before running, or threw): a retry runs anew. */
export async function releaseKey(db: Db, id: string): Promise<void> {
  const t = idempotencyKeys;
  await db.delete(t).where(and(eq(t.id, id), isNull(t.completedAt)));
}

/** Deletes expired keys in bounded batches; returns how many. */
export async function purgeExpiredKeys(db: Db, batch = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db
      .delete(idempotencyKeys)
      .where(sql`${idempotencyKeys.id} in (select id from idempotency_keys where expires_at <= now() limit ${batch})`)
      .returning({ id: idempotencyKeys.id });
    total += deleted.length;
    if (deleted.length < batch) return total;
  }
}
