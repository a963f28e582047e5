import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { deactivate, expectInvalid, expectProblem, insertDeal, insertProperty } from '../../test/support/fixtures.js';

describe('/workflow/tasks', () => {
  let t: TestApp;
  let owner: TestUser;
  let mate: TestUser;
  let stranger: TestUser;
  let propertyId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.user({ role: 'admin' });
    mate = await t.user({ role: 'agent', teamId: owner.teamId });
    stranger = await t.user();
    propertyId = await insertProperty(t, owner);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, user = owner) => t.send('POST', '/workflow/tasks', { token: user.token, body });

  it('creates a task for its creator, linked to the team’s property and deal', async () => {
    const dealId = await insertDeal(t, owner, 'prospecting');
    const res = await create({ title: '  Call the seller  ', property_id: propertyId, deal_id: dealId, due_at: '2031-03-01T10:00:00+02:00' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/workflow/tasks/${res.body.id}`);
    expect(res.body).toMatchObject({ title: 'Call the seller', status: 'open', source: 'manual', assignee_id: owner.id, created_by: owner.id, property_id: propertyId, deal_id: dealId, due_at: '2031-03-01T08:00:00.000Z', completed_at: null });
  });

  it('refuses links and assignees outside the team with one 422 naming each field', async () => {
    const foreignProperty = await insertProperty(t, stranger, '1 Foreign St');
    const res = await create({ title: 'x', property_id: foreignProperty, lead_id: 'nope', assignee_id: stranger.id });
    expectInvalid(res, '/assignee_id', '/lead_id', '/property_id');
    expectInvalid(await create({ title: 'x', colour: 'red' }), '/colour');
    expectInvalid(await create({ title: 'x', due_at: 'tomorrow' }), '/due_at');
  });

  it('lists by assignee (id, me, none), status and due date', async () => {
    const early = (await create({ title: 'Early', assignee_id: mate.id, due_at: '2030-01-01T00:00:00Z' })).body;
    const late = (await create({ title: 'Late', assignee_id: null, due_at: '2035-01-01T00:00:00Z' })).body;
    const ids = async (query: string) => (await t.send('GET', `/workflow/tasks?${query}`, { token: owner.token })).body.items.map((i: { id: string }) => i.id);
    expect(await ids(`assignee=${mate.id}`)).toEqual([early.id]);
    expect(await ids('assignee=none')).toEqual([late.id]);
    expect(await ids('assignee=me')).not.toContain(early.id);
    expect(await ids('due_before=2031-01-01T00:00:00Z')).toEqual([early.id]);
    expect(await ids('status=done')).toEqual([]);
    // The stranger's team sees none of them.
    expect((await t.send('GET', '/workflow/tasks', { token: stranger.token })).body.total).toBe(0);
    expectProblem(await t.send('GET', '/workflow/tasks?status=later', { token: owner.token }), 422);
  });

  it('PATCH reassigns to a teammate, moves the due date and clears it; refuses a stranger, an inactive member and {}', async () => {
    const task = (await create({ title: 'Reassign me' })).body;
    const moved = await t.send('PATCH', `/workflow/tasks/${task.id}`, { token: owner.token, body: { assignee_id: mate.id, due_at: '2032-05-05T05:05:05Z' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ assignee_id: mate.id, due_at: '2032-05-05T05:05:05.000Z', title: 'Reassign me' });
    expect(Date.parse(moved.body.updated_at)).toBeGreaterThan(Date.parse(task.updated_at));
    expect((await t.send('PATCH', `/workflow/tasks/${task.id}`, { token: owner.token, body: { due_at: null } })).body.due_at).toBeNull();

    const gone = await t.user({ role: 'agent', teamId: owner.teamId });
    await deactivate(t, gone);
    for (const assignee of [stranger.id, gone.id]) {
      expectInvalid(await t.send('PATCH', `/workflow/tasks/${task.id}`, { token: owner.token, body: { assignee_id: assignee } }), '/assignee_id');
    }
    expectProblem(await t.send('PATCH', `/workflow/tasks/${task.id}`, { token: owner.token, body: {} }), 422);
    expect((await t.send('GET', `/workflow/tasks/${task.id}`, { token: owner.token })).body.assignee_id).toBe(mate.id);
  });

  it('completes once: a second complete is 409 and keeps the first time', async () => {
    const task = (await create({ title: 'Finish me' })).body;
    const done = await t.send('POST', `/workflow/tasks/${task.id}/complete`, { token: mate.token });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', completed_at: expect.any(String) });
    expectProblem(await t.send('POST', `/workflow/tasks/${task.id}/complete`, { token: owner.token }), 409);
    expect((await t.send('GET', `/workflow/tasks/${task.id}`, { token: owner.token })).body.completed_at).toBe(done.body.completed_at);
  });

  it('is 404 for another team on get, patch and complete, 403 for a viewer’s writes, 401 without a token', async () => {
    const task = (await create({ title: 'Mine' })).body;
    expectProblem(await t.send('GET', `/workflow/tasks/${task.id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('PATCH', `/workflow/tasks/${task.id}`, { token: stranger.token, body: { title: 'Theirs' } }), 404);
    expectProblem(await t.send('POST', `/workflow/tasks/${task.id}/complete`, { token: stranger.token }), 404);
    const viewer = await t.user({ role: 'viewer', teamId: owner.teamId });
    expectProblem(await create({ title: 'x' }, viewer), 403);
    expect((await t.send('GET', `/workflow/tasks/${task.id}`, { token: viewer.token })).status).toBe(200);
    expectProblem(await t.send('GET', '/workflow/tasks'), 401);
    expect((await t.send('GET', `/workflow/tasks/${task.id}`, { token: owner.token })).body.title).toBe('Mine');
  });
});
