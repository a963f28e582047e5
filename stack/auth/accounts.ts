/**
 * User rows as the auth and team domains need them: look one up by id or by email (compared
 * case-insensitively, on the `lower(email)` unique index), insert one, and turn a clash on that
 * index into the same 409 wherever an email is set (register, profile edit, team invite).
 */
import { eq, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../db/client.js';
import { users } from '../db/schema.js';
import type { AuthUser, Role } from '../lib/context.js';
import { isUniqueViolation } from '../lib/database-errors.js';
import { ProblemError } from '../lib/problem.js';
import type { ProfileSchema } from './schema.js';

/** A transaction handle: helpers take either it or the database, so callers choose atomicity. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;
export type UserRow = typeof users.$inferSelect;

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return row;
}

export interface NewUser {
  teamId: string;
  email: string;
  name: string;
  /** Already hashed: hashing is slow, so it happens before any transaction opens. */
  passwordHash: string;
  role: Role;
}

export async function insertUser(db: Queryable, user: NewUser): Promise<UserRow> {
  const [row] = await db.insert(users).values({ id: crypto.randomUUID(), ...user }).returning();
  return row;
}

/**
 * Runs `work`, which may set `email` on a user row; a unique violation becomes a 409. The index
 * decides, not a prior SELECT, so two concurrent sign-ups with one email cannot both succeed.
 */
export async function withUniqueEmail<T>(email: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (email !== undefined && isUniqueViolation(error)) {
      throw new ProblemError(409, { detail: `An account with the email ${email} already exists.` });
    }
    throw error;
  }
}

/** The caller's token names a user whose row was deleted since it was issued. */
export function accountGone(): ProblemError {
  return new ProblemError(404, { detail: 'The account this token was issued for no longer exists.' });
}

export function toAuthUser(row: UserRow): AuthUser {
  return { id: row.id, teamId: row.teamId, role: row.role };
}

export function profileOf(row: UserRow): z.infer<typeof ProfileSchema> {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    team_id: row.teamId,
    active: row.active,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
