/**
 * PATCH /team/members/{id}: an admin changes a member's role or deactivates them. A team never
 * loses its last active admin (409), and deactivation revokes the member's refresh tokens.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { and, count, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../auth/accounts.js';
import { revokeUserSessions } from '../auth/sessions.js';
import { teams, users } from '../db/schema.js';
import { requireAuth, requireRole } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { findTeamMember, memberColumns, memberOf, type MemberRow } from './members.js';
import { TeamMemberSchema, UpdateMemberBody } from './schema.js';

type MemberChanges = z.infer<typeof UpdateMemberBody>;

const route = createRoute({
  method: 'patch',
  path: '/members/{id}',
  tags: ['team'],
  summary: 'Change a member’s role or active status (admins only)',
  description: 'Deactivating a member revokes their refresh tokens; the team’s last active admin cannot be demoted or deactivated (409).',
  security: bearerAuth,
  middleware: [requireAuth(), requireRole('admin')],
  request: { params: IdParams, body: jsonBody(UpdateMemberBody) },
  responses: { 200: jsonResponse(TeamMemberSchema, 'The updated member'), ...errors(400, 401, 403, 404, 409, 415, 422) },
});

function losesAdmin(member: MemberRow, changes: MemberChanges): boolean {
  const demoted = changes.role !== undefined && changes.role !== 'admin';
  return member.role === 'admin' && member.active && (demoted || changes.active === false);
}

async function ensureAnotherActiveAdmin(db: Queryable, teamId: string, member: MemberRow): Promise<void> {
  const [{ others }] = await db
    .select({ others: count() })
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.role, 'admin'), eq(users.active, true), ne(users.id, member.id)));
  if (others === 0) {
    throw new ProblemError(409, { detail: `${member.email} is the team's last active admin; make another member admin first.` });
  }
}

export function mountUpdateMember(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const changes = c.req.valid('json');
    const teamId = c.get('user').teamId;
    const updated = await c.get('db').transaction(async (tx) => {
      // Locking the team row serialises member changes per team: two admins demoting each other
      // at once cannot both pass the last-admin check.
      await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for('update');
      const member = await findTeamMember(tx, teamId, id);
      if (losesAdmin(member, changes)) await ensureAnotherActiveAdmin(tx, teamId, member);
      const [row] = await tx.update(users).set({ ...changes, updatedAt: new Date() }).where(eq(users.id, member.id)).returning(memberColumns);
      if (changes.active === false) await revokeUserSessions(tx, member.id);
      return row;
    });
    return c.json(memberOf(updated), 200);
  });
}
