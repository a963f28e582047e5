import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { users } from '../db/schema.js';

const LONG_AGO = new Date('2020-01-01T00:00:00.000Z');


describe('POST /auth/change-password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
  });
  afterAll(() => t.close());

  const loginStatus = async (who: TestUser, password: string) => (await t.send('POST', '/auth/login', { body: { email: who.email, password } })).status;
  const login = async (who: TestUser) => (await t.send('POST', '/auth/login', { body: { email: who.email, password: who.password } })).body;
  const refreshStatus = async (token: string) => (await t.send('POST', '/auth/refresh', { body: { refresh_token: token } })).status;
  const change = (who: TestUser, body: unknown) => t.send('POST', '/auth/change-password', { token: who.token, body });

  it('replaces the password, revokes every refresh token and bumps updated_at', async () => {
    const user = await t.user({ role: 'agent' });
    const session = await login(user);
    await t.database.db.update(users).set({ updatedAt: LONG_AGO }).where(eq(users.id, user.id));
    const res = await change(user, { current_password: user.password, new_password: 'Brand-New-Pass-7' });
    expect(res.status).toBe(204);
    expect(await loginStatus(user, user.password)).toBe(401);
    expect(await loginStatus(user, 'Brand-New-Pass-7')).toBe(200);
    expect(await refreshStatus(session.refresh_token)).toBe(401);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
  });

  it('answers 403 for a wrong current password and changes nothing', async () => {
    const user = await t.user({ role: 'agent' });
    const session = await login(user);
    const res = await change(user, { current_password: 'Not-My-Password-1', new_password: 'Brand-New-Pass-7' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 403, detail: 'The current password is not correct.' });
    expect(await loginStatus(user, user.password)).toBe(200);
    expect(await refreshStatus(session.refresh_token)).toBe(200);
  });

  it.each([
    ['a new password under 8 characters', { current_password: 'x', new_password: 'short' }, '/new_password'],
    ['a new password over 128 characters', { current_password: 'x', new_password: 'p'.repeat(129) }, '/new_password'],
    ['a missing current password', { new_password: 'Brand-New-Pass-7' }, '/current_password'],
    ['an unknown field', { current_password: 'x', new_password: 'Brand-New-Pass-7', user_id: 'other' }, '/user_id'],
  ])('answers 422 for %s', async (_case, body, pointer) => {
    const user = await t.user({ role: 'viewer' });
    const res = await change(user, body);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].pointer).toBe(pointer);
  });

  it('needs an access token', async () => {
    const res = await t.send('POST', '/auth/change-password', { body: { current_password: 'x', new_password: 'Brand-New-Pass-7' } });
    expect(res.status).toBe(401);
  });
});
