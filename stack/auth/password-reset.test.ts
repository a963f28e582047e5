/**
 * Password reset by mail, through the app and a real SMTP catcher: the same 202 for known and
 * unknown addresses, the token from the mail works once, the new password logs in and the old
 * one does not, refresh sessions are revoked, bad/expired/used tokens are 400, and the routes
 * have their own rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';
import { runDueJobs } from '../../test/support/jobs.js';
import { startTestMail, type TestMail } from '../../test/support/mail.js';
import { passwordResetTokens } from './tables.js';
import { hashToken } from './tokens.js';

const TOKEN = /rp_[A-Za-z0-9_-]{43}/;

describe('password reset by mail', () => {
  let t: TestApp;
  let mail: TestMail;
  beforeAll(async () => {
    mail = await startTestMail();
    t = await createTestApp({ ...mail.config, ...NO_RATE_LIMITS });
  });
  afterAll(async () => {
    await t.close();
    await mail.close();
  });

  async function requestToken(user: TestUser): Promise<string> {
    const before = mail.catcher.messages().length;
    const res = await t.send('POST', '/auth/password-reset', { body: { email: user.email.toUpperCase() } });
    expect(res.status).toBe(202);
    // The mail is an auth.password_reset_mail job; a test app has no worker, so run it here.
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ type: 'auth.password_reset_mail', outcome: 'completed' })]);
    const message = await mail.waitFor((m) => m.rcptTo.includes(user.email) && mail.catcher.messages().indexOf(m) < mail.catcher.messages().length - before);
    expect(message.parsed.subject).toBe('Reset your Real Estate OS password');
    return TOKEN.exec(message.parsed.text ?? '')![0];
  }

  it('answers unknown and known addresses alike, and mails only a known one', async () => {
    const user = await t.user();
    const unknown = await t.send('POST', '/auth/password-reset', { body: { email: 'nobody-here@example.com' } });
    const known = await t.send('POST', '/auth/password-reset', { body: { email: user.email } });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.text).toBe(unknown.text);
    // One job, for the known address only.
    expect(await runDueJobs(t)).toEqual([expect.objectContaining({ type: 'auth.password_reset_mail', outcome: 'completed' })]);
    await mail.waitFor((m) => m.rcptTo.includes(user.email));
    expect(mail.catcher.messages().some((m) => m.rcptTo.includes('nobody-here@example.com'))).toBe(false);
  });

  it('stores only the token’s hash, and the token works once', async () => {
    const user = await t.user();
    const login = await t.send('POST', '/auth/login', { body: { email: user.email, password: user.password } });
    const token = await requestToken(user);
    const rows = await t.database.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, hashToken(token)));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);

    expect((await t.send('POST', '/auth/password-reset/confirm', { body: { token, new_password: 'Brand-New-Pass-1' } })).status).toBe(204);
    expect((await t.send('POST', '/auth/login', { body: { email: user.email, password: 'Brand-New-Pass-1' } })).status).toBe(200);
    expectProblem(await t.send('POST', '/auth/login', { body: { email: user.email, password: user.password } }), 401);
    // Sessions opened with the old password end.
    expectProblem(await t.send('POST', '/auth/refresh', { body: { refresh_token: login.body.refresh_token } }), 401);
    const again = expectProblem(await t.send('POST', '/auth/password-reset/confirm', { body: { token, new_password: 'Another-Pass-2' } }), 400);
    expect(again.detail).toMatch(/already been used/);
  });

  it('retires an older token when a newer one is requested', async () => {
    const user = await t.user();
    const first = await requestToken(user);
    const second = await requestToken(user);
    expect(second).not.toBe(first);
    expectProblem(await t.send('POST', '/auth/password-reset/confirm', { body: { token: first, new_password: 'Brand-New-Pass-1' } }), 400);
    expect((await t.send('POST', '/auth/password-reset/confirm', { body: { token: second, new_password: 'Brand-New-Pass-1' } })).status).toBe(204);
  });

  it('is not a job type a client can submit', async () => {
    const user = await t.user();
    expectInvalid(await t.send('POST', '/jobs', { token: user.token, body: { type: 'auth.password_reset_mail', payload: { user_id: user.id, link_base: 'http://x' } } }), '/type');
  });

  it('refuses an expired or unknown token with a clear 400, and a weak password with 422', async () => {
    const user = await t.user();
    const token = await requestToken(user);
    await t.database.db.update(passwordResetTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResetTokens.tokenHash, hashToken(token)));
    expect(expectProblem(await t.send('POST', '/auth/password-reset/confirm', { body: { token, new_password: 'Brand-New-Pass-1' } }), 400).detail).toMatch(/expired/);
    expect(expectProblem(await t.send('POST', '/auth/password-reset/confirm', { body: { token: 'rp_forged', new_password: 'Brand-New-Pass-1' } }), 400).detail).toMatch(/not valid/);
    expectInvalid(await t.send('POST', '/auth/password-reset/confirm', { body: { token: 'rp_x', new_password: 'short' } }), '/new_password');
    expectInvalid(await t.send('POST', '/auth/password-reset', { body: { email: 'not-an-email' } }), '/email');
  });
});

describe('password reset rate limit', () => {
  it('counts every attempt per client and answers 429 past the budget', async () => {
    const t = await createTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await t.send('POST', '/auth/password-reset/confirm', { body: { token: `rp_guess_${i}`, new_password: 'Brand-New-Pass-1' } })).status);
      expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
      const limited = await t.send('POST', '/auth/password-reset', { body: { email: 'a@example.com' } });
      expectProblem(limited, 429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await t.close();
    }
  });
});
