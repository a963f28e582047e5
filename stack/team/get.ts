/**
 * GET /team: the caller's team and everyone in it, for any role. Members come oldest first, so
 * the founding admin leads the list.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { teams, users } from '../db/schema.js';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { memberColumns, memberOf } from './members.js';
import { TeamSchema } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['team'],
  summary: 'Your team and its members',
  description: 'Members oldest first, so the founding admin leads the list.',
  security: bearerAuth,
  middleware: [requireAuth()],
  responses: { 200: jsonResponse(TeamSchema, 'The team'), ...errors(401, 404) },
});

export function mountGetTeam(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const db = c.get('db');
    const teamId = c.get('user').teamId;
    const [team] = await db.select().from(teams).where(eq(teams.id, teamId));
    if (!team) throw new ProblemError(404, { detail: 'The team this token was issued for no longer exists.' });
    const members = await db.select(memberColumns).from(users).where(eq(users.teamId, teamId)).orderBy(asc(users.createdAt), asc(users.id));
    return c.json({ id: team.id, name: team.name, created_at: team.createdAt.toISOString(), members: members.map(memberOf) }, 200);
  });
}
