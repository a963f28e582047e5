import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { leads } from '../db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { deactivate, expectInvalid, expectProblem, insertProperty } from '../../test/support/fixtures.js';

const LEAD_KEYS = ['assigned_to', 'created_at', 'created_by', 'email', 'id', 'name', 'phone', 'property_id', 'source', 'status', 'updated_at'];

describe('POST /leads', () => {
  let t: TestApp;
  let agent: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    other = await t.user();
  });
  afterAll(() => t.close());

  it('creates the seed runbook’s lead with status new and a Location', async () => {
    const res = await t.send('POST', '/leads', { token: agent.token, body: { name: 'Jane Seller', email: 'jane@demo.com', phone: '555-0100' } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(LEAD_KEYS);
    expect(res.body).toMatchObject({
      name: 'Jane Seller',
      email: 'jane@demo.com',
      phone: '555-0100',
      source: null,
      status: 'new',
      property_id: null,
      assigned_to: null,
      created_by: agent.id,
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('location')).toBe(`/leads/${res.body.id}`);
    expect(Date.parse(res.body.created_at)).not.toBeNaN();
    const [row] = await t.database.db.select().from(leads).where(eq(leads.id, res.body.id));
    expect(row).toMatchObject({ teamId: agent.teamId, version: 1 });
  });

  it('creates the demo script’s lead with a source', async () => {
    const body = { name: 'Jane Prospect', email: 'jane@example.com', phone: '555-0100', source: 'website' };
    const res = await t.send('POST', '/leads', { token: agent.token, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, status: 'new' });
  });

  it('accepts a status, a property and an assignee of the caller’s team', async () => {
    const propertyId = await insertProperty(t, agent);
    const mate = await t.user({ role: 'agent', teamId: agent.teamId });
    const res = await t.send('POST', '/leads', {
      token: agent.token,
      body: { name: 'Bob Buyer', status: 'qualified', source: 'referral', property_id: propertyId, assigned_to: mate.id },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'qualified', property_id: propertyId, assigned_to: mate.id });
  });

  it('refuses a property or an assignee outside the team with 422 pointing at each', async () => {
    const foreignProperty = await insertProperty(t, other);
    const res = await t.send('POST', '/leads', {
      token: agent.token,
      body: { name: 'X', property_id: foreignProperty, assigned_to: other.id },
    });
    expectInvalid(res, '/property_id', '/assigned_to');
    const missing = await t.send('POST', '/leads', { token: agent.token, body: { name: 'X', property_id: 'nonexistent-id' } });
    expectInvalid(missing, '/property_id');
  });

  it('refuses an inactive teammate as assignee', async () => {
    const gone = await t.user({ role: 'agent', teamId: agent.teamId });
    await deactivate(t, gone);
    const res = await t.send('POST', '/leads', { token: agent.token, body: { name: 'X', assigned_to: gone.id } });
    expectInvalid(res, '/assigned_to');
  });

  it.each([
    [{}, '/name'],
    [{ name: '   ' }, '/name'],
    [{ name: 'X', email: 'not-an-email' }, '/email'],
    [{ name: 'X', status: 'hot' }, '/status'],
    [{ name: 'X', team_id: 'someone-else' }, '/team_id'],
    [{ name: 'X', source: 'x'.repeat(101) }, '/source'],
  ])('refuses %j with 422 at %s', async (body, pointer) => {
    expectInvalid(await t.send('POST', '/leads', { token: agent.token, body }), pointer);
  });

  it('is 403 for a viewer and creates nothing', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
    expectProblem(await t.send('POST', '/leads', { token: viewer.token, body: { name: 'Viewer Lead' } }), 403);
    const rows = await t.database.db.select().from(leads).where(eq(leads.name, 'Viewer Lead'));
    expect(rows).toEqual([]);
  });

  it('is 401 without a token', async () => {
    const res = await t.send('POST', '/leads', { body: { name: 'Nobody' } });
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});
