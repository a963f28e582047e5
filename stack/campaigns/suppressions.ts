/**
 * The team's unsubscribe (suppression) list and the signed tokens of unsubscribe links. A link
 * needs no login: its token is `base64url(team, email)` + an HMAC-SHA256 under a key derived
 * from the JWT secret, so only this API can make one and it cannot be edited to unsubscribe
 * someone else. The SendGrid webhook (unsubscribe / spam report events) calls `addUnsubscribe`.
 *
 * @example
 * await addUnsubscribe(db, teamId, 'jane@example.com', 'sendgrid');
 * const url = unsubscribeUrl('https://api.example.com', secret, { teamId, email: 'jane@example.com' });
 */
import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { unsubscribes } from './tables.js';

export type UnsubscribeSource = 'link' | 'api' | 'sendgrid' | (string & {});

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Adds the address to the team's list (again is a no-op); returns whether it was new. */
export async function addUnsubscribe(db: Db, teamId: string, email: string, source: UnsubscribeSource): Promise<boolean> {
  const rows = await db
    .insert(unsubscribes)
    .values({ teamId, email: normalizeEmail(email), source })
    .onConflictDoNothing()
    .returning({ email: unsubscribes.email });
  return rows.length > 0;
}

export async function removeUnsubscribe(db: Db, teamId: string, email: string): Promise<boolean> {
  const rows = await db
    .delete(unsubscribes)
    .where(and(eq(unsubscribes.teamId, teamId), eq(unsubscribes.email, normalizeEmail(email))))
    .returning({ email: unsubscribes.email });
  return rows.length > 0;
}

/** The subset of `emails` (lower-cased) on the team's list. */
export async function unsubscribedOf(db: Db, teamId: string, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db
    .select({ email: unsubscribes.email })
    .from(unsubscribes)
    .where(and(eq(unsubscribes.teamId, teamId), inArray(unsubscribes.email, emails.map(normalizeEmail))));
  return new Set(rows.map((r) => r.email));
}

export interface UnsubscribeClaim {
  teamId: string;
  email: string;
}

const keyOf = (secret: string) => crypto.createHmac('sha256', secret).update('reos unsubscribe link v1').digest();

function signature(secret: string, payload: string): string {
  return crypto.createHmac('sha256', keyOf(secret)).update(payload).digest('base64url');
}

export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(JSON.stringify([claim.teamId, normalizeEmail(claim.email)])).toString('base64url');
  return `${payload}.${signature(secret, payload)}`;
}

/** The claim of a token this API signed, or undefined for anything else. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | undefined {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return undefined;
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return undefined;
  try {
    const [teamId, email] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    return typeof teamId === 'string' && typeof email === 'string' ? { teamId, email } : undefined;
  } catch {
    return undefined;
  }
}

export function unsubscribeUrl(base: string, secret: string, claim: UnsubscribeClaim): string {
  return `${base.replace(/\/+$/, '')}/unsubscribe?token=${signUnsubscribeToken(secret, claim)}`;
}
