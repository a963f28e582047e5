/**
 * Refresh sessions. A login starts a family (one rotation chain); each refresh marks the
 * presented token used and issues the next one in the same family. A used token presented again
 * means someone kept a copy, so the whole family is revoked, the newest token included
 * (RFC 9700 section 4.14.2). Only SHA-256 hashes of refresh tokens are stored.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { StackConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { refreshTokens } from '../db/schema.js';
import type { AuthUser } from '../lib/context.js';
import { findUserById, toAuthUser, type Queryable } from './accounts.js';
import type { TokenPairSchema } from './schema.js';
import { hashToken, newRefreshToken, signAccessToken } from './tokens.js';

export type TokenPair = z.infer<typeof TokenPairSchema>;

/** Headers for any response carrying tokens: never cached (RFC 6749 section 5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store' };

export type RotationOutcome =
  | { ok: true; pair: TokenPair }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' | 'inactive'; userId?: string; familyId?: string };

/** Issues an access token and a refresh token; a new family unless one is being rotated. */
export async function startSession(
  db: Queryable,
  jwt: StackConfig['jwt'],
  user: AuthUser,
  familyId: string = crypto.randomUUID(),
): Promise<TokenPair> {
  const refreshToken = newRefreshToken();
  await db.insert(refreshTokens).values({
    id: crypto.randomUUID(),
    userId: user.id,
    familyId,
    tokenHash: hashToken(refreshToken),
    expiresAt: new Date(Date.now() + jwt.refreshTtlSeconds * 1000),
  });
  const accessToken = await signAccessToken(jwt, user);
  return { access_token: accessToken, refresh_token: refreshToken, token_type: 'Bearer', expires_in: jwt.accessTtlSeconds };
}

/**
 * Exchanges a refresh token for a new pair. The claim is one conditional UPDATE, so of two
 * concurrent calls with one token only one can win; the loser then sees a used token, which is
 * reuse. Claim and issue share a transaction: the loser's revocation waits for the winner's new
 * token to be committed and so revokes it too. Refusals return (not throw) so revocations commit.
 */
export async function rotateSession(db: Db, jwt: StackConfig['jwt'], presented: string): Promise<RotationOutcome> {
  const tokenHash = hashToken(presented);
  const now = new Date();
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, now)))
      .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId });
    if (!claimed) return refuseRotation(tx, tokenHash);
    const user = await findUserById(tx, claimed.userId);
    if (!user?.active) {
      await revokeFamily(tx, claimed.familyId);
      return { ok: false, reason: 'inactive', ...claimed };
    }
    return { ok: true, pair: await startSession(tx, jwt, toAuthUser(user), claimed.familyId) };
  });
}

/** Says why a token could not be claimed, revoking its family when the cause is reuse. */
async function refuseRotation(db: Queryable, tokenHash: string): Promise<RotationOutcome> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  if (!row) return { ok: false, reason: 'unknown' };
  const who = { userId: row.userId, familyId: row.familyId };
  if (row.usedAt) {
    await revokeFamily(db, row.familyId);
    return { ok: false, reason: 'reused', ...who };
  }
  return { ok: false, reason: row.revokedAt ? 'revoked' : 'expired', ...who };
}

export async function revokeFamily(db: Queryable, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Ends every session of a user: logout everywhere, password change, deactivation. */
export async function revokeUserSessions(db: Queryable, userId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

/** Ends the session a refresh token belongs to, if it is the user's; returns whether it was. */
export async function revokeSessionOf(db: Queryable, userId: string, presented: string): Promise<boolean> {
  const [row] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.tokenHash, hashToken(presented)), eq(refreshTokens.userId, userId)));
  if (!row) return false;
  await revokeFamily(db, row.familyId);
  return true;
}
