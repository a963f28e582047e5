import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { refreshTokens, users } from '../db/schema.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.js';
import { hashToken } from './tokens.js';

// A pass-through spy: login still runs the real scrypt check; the test only sees its arguments.
vi.mock('./passwords.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./passwords.js')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});


describe('POST /auth/login', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
    user = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const login = (body: unknown) => t.send('POST', '/auth/login', { body });

  it('returns an access and a refresh token that is stored only as a hash', async () => {
    const before = Date.now();
    const res = await login({ email: user.email, password: user.password });
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: t.config.jwt.accessTtlSeconds });

    const [stored] = await t.database.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(res.body.refresh_token)));
    expect(stored).toMatchObject({ userId: user.id, usedAt: null, revokedAt: null });
    const ttlMs = t.config.jwt.refreshTtlSeconds * 1000;
    expect(stored.expiresAt.getTime()).toBeGreaterThanOrEqual(before + ttlMs - 1);
    expect(stored.expiresAt.getTime()).toBeLessThanOrEqual(after + ttlMs + 1);
    expect(await t.database.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, res.body.refresh_token))).toHaveLength(0);

    const me = await t.send('GET', '/auth/me', { token: res.body.access_token });
    expect(me.body).toMatchObject({ id: user.id, role: 'agent' });
  });

  it('starts a new token family on every login', async () => {
    const first = await login({ email: user.email, password: user.password });
    const second = await login({ email: user.email, password: user.password });
    const family = async (token: string) =>
      (await t.database.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(token))))[0].familyId;
    expect(await family(first.body.refresh_token)).not.toBe(await family(second.body.refresh_token));
  });

  it('compares the email case-insensitively', async () => {
    const res = await login({ email: user.email.toUpperCase(), password: user.password });
    expect(res.status).toBe(200);
  });

  describe('refuses every failure with the same 401', () => {
    let inactive: TestUser;
    beforeAll(async () => {
      inactive = await t.user({ role: 'agent' });
      await t.database.db.update(users).set({ active: false }).where(eq(users.id, inactive.id));
    });

    const failures = () => ({
      'an unknown email': { email: 'nobody@example.test', password: 'Whatever-1' },
      'a wrong password': { email: user.email, password: 'Wrong-Password-1' },
      'a deactivated account with the right password': { email: inactive.email, password: inactive.password },
      "the seed's rate-limit burst payload": { email: 'invalid@test.com', password: 'wrong' },
    });

    it('same status, title, detail and problem type', async () => {
      const answers = await Promise.all(Object.values(failures()).map(login));
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
        expect(res.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Invalid email or password.' });
        expect(res.body.access_token).toBeUndefined();
      }
    });

    it('still checks a password hash for an unknown email (the dummy one)', async () => {
      const spy = vi.mocked(verifyPassword);
      spy.mockClear();
      await login({ email: 'ghost@example.test', password: 'Whatever-1' });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy).toHaveBeenCalledWith('Whatever-1', await DUMMY_HASH_PROMISE);
    });
  });

  it.each([
    ['a missing password', { email: 'a@example.test' }],
    ['a missing email', { password: 'x' }],
    ['an unknown field', { email: 'a@example.test', password: 'x', remember: true }],
  ])('answers 422 for %s', async (_case, body) => {
    expect((await login(body)).status).toBe(422);
  });
});
