/**
 * POST /auth/change-password: needs the current password (403 otherwise, since the caller is
 * authenticated but not allowed), then ends every session so a stolen refresh token dies with
 * the old password.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { accountGone, findUserById } from './accounts.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { ChangePasswordBody } from './schema.js';
import { revokeUserSessions } from './sessions.js';

const route = createRoute({
  method: 'post',
  path: '/change-password',
  tags: ['auth'],
  summary: 'Change your password; every refresh token of yours is revoked',
  description: 'Needs your current password (403 when it is wrong, and nothing changes); the new one must meet the password policy. Access tokens already issued stay valid until they expire.',
  security: bearerAuth,
  middleware: [requireAuth()],
  request: { body: jsonBody(ChangePasswordBody) },
  responses: { 204: { description: 'Password changed; log in again on other devices' }, ...errors(400, 401, 403, 404, 415, 422) },
});

export function mountChangePassword(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { current_password: currentPassword, new_password: newPassword } = c.req.valid('json');
    const db = c.get('db');
    const user = await findUserById(db, c.get('user').id);
    if (!user) throw accountGone();
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new ProblemError(403, { detail: 'The current password is not correct.' });
    }
    const passwordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
      await revokeUserSessions(tx, user.id);
    });
    return c.body(null, 204);
  });
}
