/**
 * Password reset by mail. POST /auth/password-reset `{email}` always answers 202 with the same
 * body, whether or not an account exists (no account enumeration); for an active account it
 * queues an `auth.password_reset_mail` job (reset-mail-job.ts) that stores the SHA-256 of a
 * fresh random token (1 h, single use; older unused ones are retired) and mails the token, so a
 * slow or dead relay changes neither the answer nor its timing, and the queue retries the mail. POST /auth/password-reset/confirm `{token, new_password}` claims the token with one
 * conditional UPDATE (it works once), sets the password and revokes every refresh session.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { wakeWorkers } from '../jobs/queue.js';
import type { Context } from 'hono';
import { users } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { findUserByEmail } from './accounts.js';
import { hashPassword } from './passwords.js';
import { EmailSchema, NewPasswordSchema } from './schema.js';
import { revokeUserSessions } from './sessions.js';
import { insertPasswordResetMail } from './reset-mail-job.js';
import { passwordResetTokens } from './tables.js';
import { hashToken } from './tokens.js';

export { RESET_TOKEN_TTL_SECONDS, newResetToken } from './reset-mail-job.js';

const ACCEPTED = { detail: 'If an account exists for that address, a password reset token is on its way to it. It works once, within 1 hour.' };

const ResetRequestBody = z.object({ email: EmailSchema }).strict().openapi('PasswordResetRequest');
const ResetConfirmBody = z
  .object({ token: z.string().min(1, 'Required').max(200).openapi({ description: 'The token from the reset mail' }), new_password: NewPasswordSchema })
  .strict()
  .openapi('PasswordResetConfirmRequest');
const Accepted = z.object({ detail: z.string() }).openapi('PasswordResetAccepted');

const requestRoute = createRoute({
  method: 'post',
  path: '/password-reset',
  tags: ['auth'],
  summary: 'Mail a one-time password reset token (always 202: no account enumeration)',
  description: 'The mail is sent by a background job when the account exists; the answer is the same either way. Rate limited per client address.',
  request: { body: jsonBody(ResetRequestBody) },
  responses: { 202: jsonResponse(Accepted, 'Accepted; a mail goes out if the account exists'), ...errors(400, 415, 422, 429) },
});

const confirmRoute = createRoute({
  method: 'post',
  path: '/password-reset/confirm',
  tags: ['auth'],
  summary: 'Set a new password with a reset token; every refresh token of the account is revoked',
  description: 'The token is single-use and expires; an unknown, used or expired token is 400 and changes nothing.',
  request: { body: jsonBody(ResetConfirmBody) },
  responses: { 204: { description: 'Password changed; log in with it' }, ...errors(400, 415, 422, 429) },
});

/** Queues the reset mail (a token is issued when it is sent) and wakes this process's worker. */
async function queueResetMail(c: Context<AppEnv>, user: { id: string; teamId: string }): Promise<void> {
  await insertPasswordResetMail(c.get('db'), user, c.get('config').publicUrl ?? new URL(c.req.url).origin);
  wakeWorkers();
}

/** Why a presented token cannot be used, in words the caller can act on. */
async function refusal(c: Context<AppEnv>, tokenHash: string): Promise<ProblemError> {
  const [row] = await c.get('db').select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, tokenHash));
  const detail = !row
    ? 'This password reset token is not valid. Request a new one with POST /auth/password-reset.'
    : row.usedAt
      ? 'This password reset token has already been used (or a newer one was requested). Request a new one with POST /auth/password-reset.'
      : 'This password reset token has expired. Request a new one with POST /auth/password-reset.';
  return new ProblemError(400, { detail });
}

export function mountPasswordReset(app: OpenAPIHono<AppEnv>): void {
  app.openapi(requestRoute, async (c) => {
    const user = await findUserByEmail(c.get('db'), c.req.valid('json').email);
    if (user?.active) await queueResetMail(c, user);
    return c.json(ACCEPTED, 202);
  });

  app.openapi(confirmRoute, async (c) => {
    const { token, new_password: newPassword } = c.req.valid('json');
    const tokenHash = hashToken(token);
    const passwordHash = await hashPassword(newPassword);
    const changed = await c.get('db').transaction(async (tx) => {
      const [claimed] = await tx
        .update(passwordResetTokens)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, sql`now()`)))
        .returning({ userId: passwordResetTokens.userId });
      if (!claimed) return false;
      const [user] = await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(and(eq(users.id, claimed.userId), eq(users.active, true))).returning({ id: users.id });
      if (!user) return false;
      await revokeUserSessions(tx, user.id);
      return true;
    });
    if (!changed) throw await refusal(c, tokenHash);
    return c.body(null, 204);
  });
}
