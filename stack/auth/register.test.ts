import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp } from '../../test/support/app.js';
import { teams, users } from '../db/schema.js';

// The seed runbook's payloads, byte for byte.
const SEED_REGISTER = '{"email":"demo@test.com","password":"Demo123!","name":"Demo User"}';
const SEED_LOGIN = '{"email":"demo@test.com","password":"Demo123!"}';


describe('POST /auth/register', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
  });
  afterAll(() => t.close());

  const teamCount = async () => (await t.database.db.select({ n: count() }).from(teams))[0].n;

  it('runs the seed runbook: register, login, then /auth/me with the access token', async () => {
    const registered = await t.send('POST', '/auth/register', { body: SEED_REGISTER });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('location')).toBe('/auth/me');
    expect(Object.keys(registered.body).sort()).toEqual(['created_at', 'email', 'id', 'name', 'role', 'team', 'team_id']);
    expect(registered.body).toMatchObject({ email: 'demo@test.com', name: 'Demo User', role: 'admin' });
    expect(registered.body.team).toEqual({ id: registered.body.team_id, name: "Demo User's team" });
    expect(new Date(registered.body.created_at).toISOString()).toBe(registered.body.created_at);

    const login = await t.send('POST', '/auth/login', { body: SEED_LOGIN });
    expect(login.status).toBe(200);
    const me = await t.send('GET', '/auth/me', { token: login.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: registered.body.id, email: 'demo@test.com', role: 'admin', team_id: registered.body.team_id });
  });

  it('stores a scrypt hash, never the password', async () => {
    const res = await t.send('POST', '/auth/register', { body: { email: 'hash@example.test', password: 'Plain-Text-1', name: 'H' } });
    const [row] = await t.database.db.select().from(users).where(eq(users.id, res.body.id));
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain('Plain-Text-1');
  });

  it('refuses an email already taken, in any letter case, with 409 and creates no team', async () => {
    await t.send('POST', '/auth/register', { body: { email: 'taken@example.test', password: 'Password-1', name: 'First' } });
    const before = await teamCount();
    const res = await t.send('POST', '/auth/register', { body: { email: 'TAKEN@Example.test', password: 'Password-2', name: 'Second' } });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, title: 'Conflict' });
    expect(res.body.detail).toContain('TAKEN@Example.test');
    expect(await teamCount()).toBe(before);
  });

  it('lets exactly one of two concurrent sign-ups with one email through', async () => {
    const body = { email: 'race@example.test', password: 'Password-1', name: 'Racer' };
    const results = await Promise.all([t.send('POST', '/auth/register', { body }), t.send('POST', '/auth/register', { body })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it.each([
    ['a short password', { email: 'v1@example.test', password: 'Short1!', name: 'V' }, '/password'],
    ['a password over 128 characters', { email: 'v2@example.test', password: 'x'.repeat(129), name: 'V' }, '/password'],
    ['an invalid email', { email: 'not-an-email', password: 'Password-1', name: 'V' }, '/email'],
    ['an empty name', { email: 'v3@example.test', password: 'Password-1', name: '  ' }, '/name'],
    ['a name over 200 characters', { email: 'v4@example.test', password: 'Password-1', name: 'n'.repeat(201) }, '/name'],
    ['a missing name', { email: 'v5@example.test', password: 'Password-1' }, '/name'],
  ])('answers 422 pointing at the field for %s', async (_case, body, pointer) => {
    const res = await t.send('POST', '/auth/register', { body });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it.each([['role', 'viewer'], ['team_id', 'someone-elses-team'], ['password_hash', 'scrypt$1$1$1$x$y']])(
    'refuses the unknown field %s with 422 (no mass assignment)',
    async (field, value) => {
      const res = await t.send('POST', '/auth/register', { body: { email: `mass-${field}@example.test`, password: 'Password-1', name: 'M', [field]: value } });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].detail).toContain(field);
      expect(await t.database.db.select().from(users).where(eq(users.email, `mass-${field}@example.test`))).toHaveLength(0);
    },
  );

  it('answers 400 problem+json for a body that is not JSON', async () => {
    const res = await t.send('POST', '/auth/register', { body: '{"email":', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe(400);
  });
});
