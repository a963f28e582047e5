import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp } from '../../test/support/app.js';
import { teams, users } from '../db/schema.js';


describe('GET /team', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
  });
  afterAll(() => t.close());

  it('returns the caller’s team with its members oldest first, and only them', async () => {
    const admin = await t.user({ role: 'admin' });
    const agent = await t.user({ teamId: admin.teamId, role: 'agent' });
    const outsider = await t.user({ role: 'admin' });
    await t.database.db.update(users).set({ createdAt: new Date('2024-01-01T00:00:00Z') }).where(eq(users.id, admin.id));
    await t.database.db.update(users).set({ createdAt: new Date('2024-02-01T00:00:00Z') }).where(eq(users.id, agent.id));

    const res = await t.send('GET', '/team', { token: agent.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['created_at', 'id', 'members', 'name']);
    expect(res.body).toMatchObject({ id: admin.teamId, name: `Team ${admin.teamId.slice(0, 8)}` });
    expect(res.body.members.map((m: { id: string }) => m.id)).toEqual([admin.id, agent.id]);
    expect(res.body.members.map((m: { id: string }) => m.id)).not.toContain(outsider.id);
    expect(res.body.members[1]).toEqual({ id: agent.id, email: agent.email, name: 'Test User', role: 'agent', active: true, created_at: '2024-02-01T00:00:00.000Z' });
  });

  it('is readable by a viewer', async () => {
    const viewer = await t.user({ role: 'viewer' });
    expect((await t.send('GET', '/team', { token: viewer.token })).status).toBe(200);
  });

  it('answers 401 without a token', async () => {
    expect((await t.send('GET', '/team')).status).toBe(401);
  });

  it('answers 404 when the team behind a valid token is gone', async () => {
    const admin = await t.user({ role: 'admin' });
    await t.database.db.delete(teams).where(eq(teams.id, admin.teamId));
    const res = await t.send('GET', '/team', { token: admin.token });
    expect(res.status).toBe(404);
    expect(res.body.status).toBe(404);
  });
});
