import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { refreshTokens, users } from '../db/schema.js';
import { hashToken } from './tokens.js';


describe('POST /auth/refresh', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
    user = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const login = async (who: TestUser = user) => (await t.send('POST', '/auth/login', { body: { email: who.email, password: who.password } })).body;
  const refresh = (token: string) => t.send('POST', '/auth/refresh', { body: { refresh_token: token } });
  const stored = async (token: string) => (await t.database.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(token))))[0];

  it('rotates: a new pair in the same family, the old token marked used', async () => {
    const first = await login();
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: t.config.jwt.accessTtlSeconds });
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
    const [old, next] = [await stored(first.refresh_token), await stored(res.body.refresh_token)];
    expect(old.usedAt).toBeInstanceOf(Date);
    expect(next).toMatchObject({ familyId: old.familyId, usedAt: null, revokedAt: null });
    expect((await t.send('GET', '/auth/me', { token: res.body.access_token })).body.id).toBe(user.id);
  });

  it('issues the access token with the role the account has now', async () => {
    const promoted = await t.user({ role: 'viewer' });
    const tokens = await login(promoted);
    await t.database.db.update(users).set({ role: 'agent' }).where(eq(users.id, promoted.id));
    const res = await refresh(tokens.refresh_token);
    expect((await t.send('GET', '/team', { token: res.body.access_token })).status).toBe(200);
    const payload = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
    expect(payload.role).toBe('agent');
  });

  it('treats a reused token as theft: 401, and every token of its family stops working', async () => {
    const first = await login();
    const second = (await refresh(first.refresh_token)).body;
    const third = (await refresh(second.refresh_token)).body;
    const otherSession = await login();

    const reuse = await refresh(first.refresh_token);
    expect(reuse.status).toBe(401);
    expect((await refresh(third.refresh_token)).status).toBe(401);
    expect((await stored(third.refresh_token)).revokedAt).toBeInstanceOf(Date);
    // Another login of the same person is another family and keeps working.
    expect((await refresh(otherSession.refresh_token)).status).toBe(200);
  });

  it('lets exactly one of two concurrent refreshes with one token succeed', async () => {
    const tokens = await login();
    const results = await Promise.all([refresh(tokens.refresh_token), refresh(tokens.refresh_token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('answers 401 for an expired token', async () => {
    const tokens = await login();
    await t.database.db.update(refreshTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(refreshTokens.tokenHash, hashToken(tokens.refresh_token)));
    expect((await refresh(tokens.refresh_token)).status).toBe(401);
  });

  it('answers 401 for a revoked token (after logout)', async () => {
    const tokens = await login();
    expect((await t.send('POST', '/auth/logout', { token: tokens.access_token, body: { refresh_token: tokens.refresh_token } })).status).toBe(204);
    expect((await refresh(tokens.refresh_token)).status).toBe(401);
  });

  it('answers 401 for a deactivated account and revokes its family', async () => {
    const leaver = await t.user({ teamId: user.teamId, role: 'agent' });
    const tokens = await login(leaver);
    await t.database.db.update(users).set({ active: false }).where(eq(users.id, leaver.id));
    expect((await refresh(tokens.refresh_token)).status).toBe(401);
    expect((await stored(tokens.refresh_token)).revokedAt).toBeInstanceOf(Date);
  });

  it.each<[string, () => Promise<string>]>([
    ['an unknown token', async () => 'rt_this-token-was-never-issued'],
    ['an access token', async () => (await login()).access_token],
  ])('answers the same 401 problem for %s', async (_case, makeToken) => {
    const res = await refresh(await makeToken());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(res.body.detail).toMatch(/log in again/);
  });

  it.each([
    ['a missing refresh_token', {}],
    ['an unknown field', { refresh_token: 'rt_x', user_id: 'someone' }],
  ])('answers 422 for %s', async (_case, body) => {
    expect((await t.send('POST', '/auth/refresh', { body })).status).toBe(422);
  });
});
