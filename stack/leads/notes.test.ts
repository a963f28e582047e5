import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { leadNotes } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';

describe('/leads/{id}/notes', () => {
  let t: TestApp;
  let agent: TestUser;
  let leadId: string;
  const noteCount = async () => (await t.database.db.select().from(leadNotes).where(eq(leadNotes.leadId, leadId))).length;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    leadId = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Seller' } })).body.id;
  });
  afterAll(() => t.close());

  it('adds notes and lists them newest first', async () => {
    const first = await t.send('POST', `/leads/${leadId}/notes`, { token: agent.token, body: { body: 'Prefers calls after 5pm.' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ lead_id: leadId, body: 'Prefers calls after 5pm.', author_id: agent.id });
    expect(Object.keys(first.body).sort()).toEqual(['author_id', 'body', 'created_at', 'id', 'lead_id']);
    await t.database.db.update(leadNotes).set({ createdAt: new Date('2026-01-01T00:00:00Z') }).where(eq(leadNotes.id, first.body.id));
    await t.send('POST', `/leads/${leadId}/notes`, { token: agent.token, body: { body: 'Pre-approved up to $900k.' } });

    const list = await t.send('GET', `/leads/${leadId}/notes`, { token: agent.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((n: { body: string }) => n.body)).toEqual(['Pre-approved up to $900k.', 'Prefers calls after 5pm.']);
    expect(list.body).toMatchObject({ total: 2, next_cursor: null });
  });

  it.each([[{}], [{ body: '' }], [{ body: '   ' }], [{ body: 'x'.repeat(5001) }]])('refuses %j with 422 at /body', async (body) => {
    const before = await noteCount();
    expectInvalid(await t.send('POST', `/leads/${leadId}/notes`, { token: agent.token, body }), '/body');
    expect(await noteCount()).toBe(before);
  });

  it('accepts a note of exactly 5000 characters', async () => {
    expect((await t.send('POST', `/leads/${leadId}/notes`, { token: agent.token, body: { body: 'x'.repeat(5000) } })).status).toBe(201);
  });

  it('is 404 on another team’s lead and on nonexistent-id', async () => {
    const stranger = await t.user();
    const before = await noteCount();
    expectProblem(await t.send('POST', `/leads/${leadId}/notes`, { token: stranger.token, body: { body: 'Mine now' } }), 404);
    expectProblem(await t.send('GET', `/leads/${leadId}/notes`, { token: stranger.token }), 404);
    expectProblem(await t.send('POST', '/leads/nonexistent-id/notes', { token: agent.token, body: { body: 'x' } }), 404);
    expect(await noteCount()).toBe(before);
  });

  it('is 403 for a viewer (who may read) and 401 without a token', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expectProblem(await t.send('POST', `/leads/${leadId}/notes`, { token: viewer.token, body: { body: 'x' } }), 403);
    expect((await t.send('GET', `/leads/${leadId}/notes`, { token: viewer.token })).status).toBe(200);
    expectProblem(await t.send('GET', `/leads/${leadId}/notes`), 401);
  });
});
