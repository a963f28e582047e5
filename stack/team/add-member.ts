/**
 * POST /team/members: an admin adds a person to their own team with a starting password and a
 * role. The team always comes from the admin's token, never from the body.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { insertUser, withUniqueEmail } from '../auth/accounts.js';
import { hashPassword } from '../auth/passwords.js';
import { requireAuth, requireRole } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { memberOf } from './members.js';
import { AddMemberBody, TeamMemberSchema } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/members',
  tags: ['team'],
  summary: 'Add a member to your team (admins only)',
  description: 'Creates the account with the given role (admin, agent or viewer); an email already registered is 409.',
  security: bearerAuth,
  middleware: [requireAuth(), requireRole('admin')],
  request: { body: jsonBody(AddMemberBody) },
  responses: { 201: jsonResponse(TeamMemberSchema, 'The new member'), ...errors(400, 401, 403, 409, 415, 422) },
});

export function mountAddMember(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { email, name, password, role } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    const teamId = c.get('user').teamId;
    const user = await withUniqueEmail(email, () => insertUser(c.get('db'), { teamId, email, name, passwordHash, role }));
    return c.json(memberOf(user), 201);
  });
}
