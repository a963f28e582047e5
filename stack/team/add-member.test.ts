import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { users } from '../db/schema.js';


describe('POST /team/members', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
    admin = await t.user({ role: 'admin' });
  });
  afterAll(() => t.close());

  const add = (body: unknown, token = admin.token) => t.send('POST', '/team/members', { token, body });
  const newMember = (email: string, role = 'agent') => ({ email, name: 'New Member', password: 'Welcome-Aboard-1', role });
  const rowsWithEmail = (email: string) => t.database.db.select().from(users).where(eq(users.email, email));

  it('adds a member to the admin’s team, who can then log in with that role', async () => {
    const res = await add(newMember('agent.smith@example.test'));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['active', 'created_at', 'email', 'id', 'name', 'role']);
    expect(res.body).toMatchObject({ email: 'agent.smith@example.test', name: 'New Member', role: 'agent', active: true });

    const team = await t.send('GET', '/team', { token: admin.token });
    expect(team.body.members.map((m: { id: string }) => m.id)).toContain(res.body.id);
    const login = await t.send('POST', '/auth/login', { body: { email: 'agent.smith@example.test', password: 'Welcome-Aboard-1' } });
    const me = await t.send('GET', '/auth/me', { token: login.body.access_token });
    expect(me.body).toMatchObject({ id: res.body.id, role: 'agent', team_id: admin.teamId });
  });

  it.each(['admin', 'viewer'])('can add a %s', async (role) => {
    const res = await add(newMember(`${role}.member@example.test`, role));
    expect(res.status).toBe(201);
    expect(res.body.role).toBe(role);
  });

  it('answers 409 for an email any account already has, in any letter case', async () => {
    const elsewhere = await t.user({ role: 'agent' });
    const res = await add(newMember(elsewhere.email.toUpperCase()));
    expect(res.status).toBe(409);
    expect(res.body.status).toBe(409);
  });

  it.each(['agent', 'viewer'] as const)('refuses a %s with 403, before reading the body, and adds no one', async (role) => {
    const caller = await t.user({ teamId: admin.teamId, role });
    expect((await add(newMember(`by-${role}@example.test`), caller.token)).status).toBe(403);
    expect((await add({ team_id: 'x' }, caller.token)).status).toBe(403);
    expect(await rowsWithEmail(`by-${role}@example.test`)).toHaveLength(0);
  });

  it.each([
    ['team_id', { ...newMember('mass1@example.test'), team_id: 'another-team' }, '/team_id'],
    ['active', { ...newMember('mass2@example.test'), active: false }, '/active'],
    ['an unknown role', newMember('badrole@example.test', 'owner'), '/role'],
    ['a missing role', { email: 'norole@example.test', name: 'N', password: 'Welcome-Aboard-1' }, '/role'],
    ['a short password', { ...newMember('short@example.test'), password: 'short' }, '/password'],
    ['an invalid email', newMember('nope'), '/email'],
  ])('answers 422 for %s', async (_case, body, pointer) => {
    const res = await add(body);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].pointer).toBe(pointer);
  });

  it('answers 401 without a token', async () => {
    expect((await t.send('POST', '/team/members', { body: newMember('anon@example.test') })).status).toBe(401);
  });
});
