import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { users } from '../db/schema.js';


describe('PATCH /team/members/{id}', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
  });
  afterAll(() => t.close());

  const patch = (caller: TestUser, id: string, body: unknown) => t.send('PATCH', `/team/members/${id}`, { token: caller.token, body });
  const login = (who: TestUser) => t.send('POST', '/auth/login', { body: { email: who.email, password: who.password } });
  const rowOf = async (id: string) => (await t.database.db.select().from(users).where(eq(users.id, id)))[0];

  it('changes a member’s role', async () => {
    const admin = await t.user({ role: 'admin' });
    const agent = await t.user({ teamId: admin.teamId, role: 'agent' });
    const res = await patch(admin, agent.id, { role: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: agent.id, email: agent.email, name: 'Test User', role: 'viewer', active: true, created_at: expect.any(String) });
    const me = await t.send('GET', '/auth/me', { token: (await login(agent)).body.access_token });
    expect(me.body.role).toBe('viewer');
  });

  it('deactivates a member: login refused, refresh tokens revoked; reactivating lets them back in', async () => {
    const admin = await t.user({ role: 'admin' });
    const agent = await t.user({ teamId: admin.teamId, role: 'agent' });
    const session = (await login(agent)).body;
    const res = await patch(admin, agent.id, { active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await login(agent)).status).toBe(401);
    expect((await t.send('POST', '/auth/refresh', { body: { refresh_token: session.refresh_token } })).status).toBe(401);
    expect((await patch(admin, agent.id, { active: true })).status).toBe(200);
    expect((await login(agent)).status).toBe(200);
  });

  it('answers 404 for a member of another team and leaves them unchanged', async () => {
    const admin = await t.user({ role: 'admin' });
    const stranger = await t.user({ role: 'agent' });
    const res = await patch(admin, stranger.id, { role: 'viewer', active: false });
    expect(res.status).toBe(404);
    expect(res.body.status).toBe(404);
    expect(await rowOf(stranger.id)).toMatchObject({ role: 'agent', active: true });
  });

  it.each(['nonexistent-id', '00000000-0000-0000-0000-000000000000'])('answers 404 for the unknown id %s', async (id) => {
    const admin = await t.user({ role: 'admin' });
    expect((await patch(admin, id, { role: 'viewer' })).status).toBe(404);
  });

  describe('keeps one active admin', () => {
    it.each([
      ['demoting', { role: 'agent' }],
      ['deactivating', { active: false }],
    ])('answers 409 for %s the last active admin', async (_case, body) => {
      const admin = await t.user({ role: 'admin' });
      const res = await patch(admin, admin.id, body);
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('last active admin');
      expect(await rowOf(admin.id)).toMatchObject({ role: 'admin', active: true });
    });

    it('does not count a deactivated admin', async () => {
      const admin = await t.user({ role: 'admin' });
      const dormant = await t.user({ teamId: admin.teamId, role: 'admin' });
      expect((await patch(admin, dormant.id, { active: false })).status).toBe(200);
      expect((await patch(admin, admin.id, { role: 'viewer' })).status).toBe(409);
    });

    it('allows it while another active admin remains', async () => {
      const admin = await t.user({ role: 'admin' });
      const second = await t.user({ teamId: admin.teamId, role: 'admin' });
      expect((await patch(admin, admin.id, { role: 'agent' })).status).toBe(200);
      expect(await rowOf(second.id)).toMatchObject({ role: 'admin', active: true });
    });

    it('lets only one of two admins demoting each other at once succeed', async () => {
      const a = await t.user({ role: 'admin' });
      const b = await t.user({ teamId: a.teamId, role: 'admin' });
      const results = await Promise.all([patch(a, b.id, { role: 'agent' }), patch(b, a.id, { role: 'agent' })]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const roles = [(await rowOf(a.id)).role, (await rowOf(b.id)).role].sort();
      expect(roles).toEqual(['admin', 'agent']);
    });
  });

  it.each(['agent', 'viewer'] as const)('refuses a %s with 403 and changes nothing', async (role) => {
    const admin = await t.user({ role: 'admin' });
    const caller = await t.user({ teamId: admin.teamId, role });
    const res = await patch(caller, admin.id, { active: false });
    expect(res.status).toBe(403);
    expect(res.body.status).toBe(403);
    expect((await patch(caller, caller.id, { role: 'admin' })).status).toBe(403);
    expect(await rowOf(caller.id)).toMatchObject({ role });
  });

  it.each([
    ['team_id', { team_id: 'another-team' }, '/team_id'],
    ['email', { email: 'new@example.test' }, '/email'],
    ['an empty body', {}, ''],
    ['an unknown role', { role: 'owner' }, '/role'],
    ['active that is not a boolean', { active: 'no' }, '/active'],
  ])('answers 422 for %s', async (_case, body, pointer) => {
    const admin = await t.user({ role: 'admin' });
    const agent = await t.user({ teamId: admin.teamId, role: 'agent' });
    const res = await patch(admin, agent.id, body);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].pointer).toBe(pointer);
    expect(await rowOf(agent.id)).toMatchObject({ role: 'agent', active: true, teamId: admin.teamId });
  });

  it('answers 401 without a token', async () => {
    expect((await t.send('PATCH', '/team/members/anyone', { body: { role: 'viewer' } })).status).toBe(401);
  });
});
