/**
 * `auth.password_reset_mail`: the job that issues and mails a password reset token. The request
 * route only queues it (payload: the user's id and the base URL for the instructions), so the
 * answer is the same 202 whether or not the account exists and whatever the relay is doing.
 * Each attempt issues a fresh token (retiring older unused ones) and mails it; the token is never
 * stored in clear, not even in the job's payload. A relay that is down is retried by the queue
 * with backoff; an address the relay refuses goes to the dead-letter list without looping.
 * The mail is transactional: the compliance send gate lets it past do-not-call and marketing
 * opt-outs, but records the decision like every other send.
 */
import crypto from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { insertJob, type JobRow } from '../jobs/queue.js';
import { PermanentJobError, registerJobHandler, type JobHandler } from '../jobs/registry.js';
import { MailDeliveryError, type OutgoingMail } from '../mail/mailer.js';
import { checkSend, describeReasons } from '../compliance/gate.js';
import { findUserById } from './accounts.js';
import { passwordResetTokens } from './tables.js';
import { hashToken } from './tokens.js';

export const PASSWORD_RESET_MAIL_JOB = 'auth.password_reset_mail';
export const RESET_TOKEN_TTL_SECONDS = 3600;
/** A reset mail is worth a few minutes of relay trouble (about 4 to 8 with JOBS_BACKOFF_MS=1000), not more. */
const RESET_MAIL_ATTEMPTS = 10;

const Payload = z.object({ user_id: z.string().min(1), link_base: z.string().min(1) }).strict();

export function newResetToken(): string {
  return `rp_${crypto.randomBytes(32).toString('base64url')}`;
}

export function resetMail(email: string, token: string, base: string): OutgoingMail {
  return {
    to: email,
    subject: 'Reset your Real Estate OS password',
    text:
      `Someone (hopefully you) asked to reset the password of the Real Estate OS account ${email}.\n\n` +
      `Your reset token (it works once, within 1 hour):\n\n${token}\n\n` +
      `Send it with your new password to POST ${base}/auth/password-reset/confirm as JSON:\n` +
      `{"token": "<the token>", "new_password": "<your new password>"}\n\n` +
      'If you did not ask for this, ignore this mail: your password stays as it is.\n',
  };
}

/** Stores the hash of a fresh token for the user, retiring the unused ones; returns the token. */
async function issueToken(db: Db, userId: string): Promise<string> {
  const token = newResetToken();
  await db.transaction(async (tx) => {
    await tx.update(passwordResetTokens).set({ usedAt: new Date() }).where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
    await tx.insert(passwordResetTokens).values({
      id: crypto.randomUUID(),
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_SECONDS * 1000),
    });
  });
  return token;
}

export const passwordResetMailHandler: JobHandler = async ({ job, db, mailer }) => {
  const { user_id: userId, link_base: base } = Payload.parse(job.payload);
  const user = await findUserById(db, userId);
  // Deactivated or deleted since the request: nothing to send, and nothing to retry.
  if (!user?.active) return { sent: false, reason: 'the account is no longer active' };
  const decision = await checkSend(db, { teamId: user.teamId, channel: 'email', to: user.email, purpose: 'transactional', actorId: null, context: { source: 'auth.password_reset', job_id: job.id, user_id: user.id } });
  if (!decision.allowed) throw new PermanentJobError(`The send gate refused the reset mail: ${describeReasons(decision.reasons)}`);
  const token = await issueToken(db, user.id);
  try {
    const sent = await mailer.send(resetMail(user.email, token, base));
    return { sent: true, message_id: sent.messageId };
  } catch (error) {
    if (error instanceof MailDeliveryError && !error.retryable) throw new PermanentJobError(error.message);
    throw error;
  }
};

export function registerPasswordResetJobs(): void {
  registerJobHandler(PASSWORD_RESET_MAIL_JOB, passwordResetMailHandler, {
    payload: Payload,
    maxAttempts: RESET_MAIL_ATTEMPTS,
    internal: true,
    description: 'Issues a password reset token and mails it (queued by POST /auth/password-reset)',
  });
}

/** Queues the reset mail for an active user; the caller wakes the workers (`wakeWorkers`). */
export function insertPasswordResetMail(db: Db, user: { id: string; teamId: string }, linkBase: string): Promise<JobRow> {
  return insertJob(db, { teamId: user.teamId, createdBy: user.id, type: PASSWORD_RESET_MAIL_JOB, payload: { user_id: user.id, link_base: linkBase }, maxAttempts: RESET_MAIL_ATTEMPTS });
}
