/**
 * Team members as rows: the columns a member response needs (never the password hash, which is
 * not even read) and the lookup that scopes an id to the caller's team, so another team's
 * member is indistinguishable from an id that does not exist.
 */
import { and, eq } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Queryable } from '../auth/accounts.js';
import { users } from '../db/schema.js';
import { ProblemError } from '../lib/problem.js';
import type { TeamMemberSchema } from './schema.js';

export const memberColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  createdAt: users.createdAt,
};

export type MemberRow = { [K in keyof typeof memberColumns]: (typeof users.$inferSelect)[K] };

export function memberOf(row: MemberRow): z.infer<typeof TeamMemberSchema> {
  return { id: row.id, email: row.email, name: row.name, role: row.role, active: row.active, created_at: row.createdAt.toISOString() };
}

export async function findTeamMember(db: Queryable, teamId: string, id: string): Promise<MemberRow> {
  const [row] = await db.select(memberColumns).from(users).where(and(eq(users.id, id), eq(users.teamId, teamId)));
  if (!row) throw new ProblemError(404, { detail: `Your team has no member with id ${id}.` });
  return row;
}
