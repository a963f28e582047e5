import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { users } from '../db/schema.js';

const LONG_AGO = new Date('2020-01-01T00:00:00.000Z');


describe('/auth/me', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
    user = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = () => ({ sub: user.id, team: user.teamId, role: user.role, typ: 'access', iss: t.config.jwt.issuer, aud: t.config.jwt.audience });

  async function sign(overrides: { secret?: string; alg?: string; claims?: Record<string, unknown>; exp?: number } = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims(), ...overrides.claims })
      .setProtectedHeader({ alg: overrides.alg ?? 'HS256', typ: 'JWT' })
      .setIssuedAt(now - 60)
      .setExpirationTime(overrides.exp ?? now + 600)
      .sign(new TextEncoder().encode(overrides.secret ?? t.config.jwt.secret));
  }

  describe('GET', () => {
    it('returns the caller’s profile and nothing more', async () => {
      const res = await t.send('GET', '/auth/me', { token: user.token });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['active', 'created_at', 'email', 'id', 'name', 'role', 'team_id', 'updated_at']);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, name: 'Test User', role: 'agent', team_id: user.teamId, active: true });
    });

    it('answers 401 with WWW-Authenticate when no token is sent', async () => {
      const res = await t.send('GET', '/auth/me');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="reos"/);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it.each<[string, () => Promise<string>]>([
      ['forged with another secret', () => sign({ secret: 'a-completely-different-secret-0123456789abcdef' })],
      ['expired', () => sign({ exp: Math.floor(Date.now() / 1000) - 5 })],
      ['alg none', async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims(), exp: Math.floor(Date.now() / 1000) + 600 })}.`],
      ['signed with a disallowed algorithm (HS512)', () => sign({ alg: 'HS512' })],
      ['for another audience', () => sign({ claims: { aud: 'some-other-api' } })],
      ['from another issuer', () => sign({ claims: { iss: 'someone-else' } })],
      ['not an access token (typ refresh)', () => sign({ claims: { typ: 'refresh' } })],
      ['a refresh token', async () => (await t.send('POST', '/auth/login', { body: { email: user.email, password: user.password } })).body.refresh_token],
      ['garbage', async () => 'not.a.jwt'],
    ])('answers 401 for a token %s', async (_case, makeToken) => {
      const res = await t.send('GET', '/auth/me', { token: await makeToken() });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('answers 404 once the account behind a valid token is gone', async () => {
      const doomed = await t.user({ teamId: user.teamId, role: 'viewer' });
      await t.database.db.delete(users).where(eq(users.id, doomed.id));
      const res = await t.send('GET', '/auth/me', { token: doomed.token });
      expect(res.status).toBe(404);
      expect(res.body.status).toBe(404);
    });
  });

  describe('PATCH', () => {
    const patch = (body: unknown, token = user.token) => t.send('PATCH', '/auth/me', { token, body });

    it('changes the name, bumps updated_at and keeps it', async () => {
      await t.database.db.update(users).set({ updatedAt: LONG_AGO }).where(eq(users.id, user.id));
      const res = await patch({ name: '  Renamed Agent ' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, name: 'Renamed Agent', email: user.email });
      expect(new Date(res.body.updated_at).getTime()).toBeGreaterThan(LONG_AGO.getTime());
      expect((await t.send('GET', '/auth/me', { token: user.token })).body.name).toBe('Renamed Agent');
    });

    it('changes the email, which then is the one to log in with', async () => {
      const mover = await t.user({ role: 'agent' });
      const res = await patch({ email: 'moved@example.test' }, mover.token);
      expect(res.status).toBe(200);
      expect(res.body.email).toBe('moved@example.test');
      const login = (email: string) => t.send('POST', '/auth/login', { body: { email, password: mover.password } });
      expect((await login('moved@example.test')).status).toBe(200);
      expect((await login(mover.email)).status).toBe(401);
    });

    it('accepts the caller’s own email in another letter case', async () => {
      const res = await patch({ email: user.email.toUpperCase() });
      expect(res.status).toBe(200);
      expect(res.body.email).toBe(user.email.toUpperCase());
    });

    it('answers 409 for an email another account has, and changes nothing', async () => {
      const other = await t.user({ role: 'agent' });
      const res = await patch({ email: other.email.toUpperCase(), name: 'Should Not Stick' });
      expect(res.status).toBe(409);
      expect(res.body.status).toBe(409);
      const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
      expect(row.name).not.toBe('Should Not Stick');
    });

    it.each([['role', 'admin'], ['team_id', 'another-team'], ['active', true], ['password_hash', 'x'], ['id', 'new-id']])(
      'refuses %s with 422 and leaves the account as it was',
      async (field, value) => {
        const res = await patch({ name: 'Sneaky', [field]: value });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([{ detail: `Unknown field "${field}": not accepted here`, pointer: `/${field}` }]);
        const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
        expect(row).toMatchObject({ role: 'agent', teamId: user.teamId, name: expect.not.stringMatching('Sneaky') });
      },
    );

    it.each([
      ['an empty body', {}, ''],
      ['an invalid email', { email: 'nope' }, '/email'],
      ['an empty name', { name: '' }, '/name'],
    ])('answers 422 for %s', async (_case, body, pointer) => {
      const res = await patch(body);
      expect(res.status).toBe(422);
      expect(res.body.errors[0].pointer).toBe(pointer);
    });

    it('answers 401 before looking at the body when there is no token', async () => {
      const res = await t.send('PATCH', '/auth/me', { body: { role: 'admin' } });
      expect(res.status).toBe(401);
    });
  });
});
