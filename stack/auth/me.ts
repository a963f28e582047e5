/**
 * GET and PATCH /auth/me: the caller's own profile. Only `name` and `email` can be changed here;
 * role, team and status belong to a team admin (PATCH /team/members/{id}).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { accountGone, findUserById, profileOf, withUniqueEmail } from './accounts.js';
import { ProfileSchema, UpdateProfileBody } from './schema.js';

const getRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'Your profile',
  description: 'The caller’s own user: id, email, name, role and team. Never a password hash.',
  security: bearerAuth,
  middleware: [requireAuth()],
  responses: { 200: jsonResponse(ProfileSchema, 'Your profile'), ...errors(401, 404) },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/me',
  tags: ['auth'],
  summary: 'Change your name or email',
  description: 'Send only what changes. The body is strict: `role` or `team_id` cannot be set here (422); an email another account uses is 409.',
  security: bearerAuth,
  middleware: [requireAuth()],
  request: { body: jsonBody(UpdateProfileBody) },
  responses: { 200: jsonResponse(ProfileSchema, 'Your updated profile'), ...errors(400, 401, 404, 409, 415, 422) },
});

export function mountMe(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getRoute, async (c) => {
    const user = await findUserById(c.get('db'), c.get('user').id);
    if (!user) throw accountGone();
    return c.json(profileOf(user), 200);
  });

  app.openapi(patchRoute, async (c) => {
    const changes = c.req.valid('json');
    const [user] = await withUniqueEmail(changes.email, () =>
      c.get('db').update(users).set({ ...changes, updatedAt: new Date() }).where(eq(users.id, c.get('user').id)).returning(),
    );
    if (!user) throw accountGone();
    return c.json(profileOf(user), 200);
  });
}
