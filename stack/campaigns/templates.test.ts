/**
 * /campaigns/templates: the shipped templates (stable ids, read-only, visible to every team), a
 * team's own templates (CRUD, generated ids, tenant-scoped), and variables checked at save time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';
import { renderTemplate } from './render.js';

const OPEN_HOUSE = {
  name: 'Spring open house',
  subject: 'Open house at {{property.address}} on {{open_house_date}}',
  body_text: 'Hi {{lead.name}}, join {{agent.name}} on {{open_house_date}}. {{unsubscribe_url}}',
  variables: ['open_house_date'],
};

describe('/campaigns/templates', () => {
  let t: TestApp;
  let admin: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.user();
    stranger = await t.user();
  });
  afterAll(() => t.close());

  it('lists the shipped templates first, with stable ids, to every team', async () => {
    const res = await t.send('GET', '/campaigns/templates', { token: stranger.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(['new_listing', 'price_drop', 'open_house', 'follow_up']);
    expect(res.body.items.every((i: { shipped: boolean }) => i.shipped)).toBe(true);
    const one = await t.send('GET', '/campaigns/templates/new_listing', { token: admin.token });
    expect(one.body).toMatchObject({ id: 'new_listing', shipped: true, variables: [] });
    expect(one.body.body_text).toContain('{{unsubscribe_url}}');
  });

  // Found by the contract fuzzer (docs/fuzz.md): PostgreSQL refuses NUL in text, so this was a 500.
  it('answers 404, not 500, to a template id holding a NUL', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await t.send(method, '/campaigns/templates/nul%00id', { token: admin.token, ...(method === 'PATCH' ? { body: { name: 'x' } } : {}) });
      expect(res.status, `${method} ${res.text}`).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers 404, not 500, to an unsubscribe address holding a NUL', async () => {
    const res = await t.send('DELETE', '/campaigns/unsubscribes/nul%00id', { token: admin.token });
    expect(res.status, res.text).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('creates, reads, updates and deletes a team template', async () => {
    const created = await t.send('POST', '/campaigns/templates', { token: admin.token, body: OPEN_HOUSE });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ ...OPEN_HOUSE, shipped: false, body_html: null });
    expect(created.headers.get('location')).toBe(`/campaigns/templates/${created.body.id}`);
    const id = created.body.id as string;
    expect((await t.send('GET', `/campaigns/templates/${id}`, { token: admin.token })).body.name).toBe('Spring open house');
    expect((await t.send('GET', '/campaigns/templates', { token: admin.token })).body.items.at(-1).id).toBe(id);

    const patched = await t.send('PATCH', `/campaigns/templates/${id}`, { token: admin.token, body: { name: 'Summer open house', body_html: '<p>{{open_house_date}}</p>' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Summer open house', body_html: '<p>{{open_house_date}}</p>', subject: OPEN_HOUSE.subject });
    // Dropping a declared variable the text still uses is refused, naming it.
    const stale = expectProblem(await t.send('PATCH', `/campaigns/templates/${id}`, { token: admin.token, body: { variables: [] } }), 422);
    expect(JSON.stringify(stale.errors)).toContain('{{open_house_date}}');

    expectProblem(await t.send('GET', `/campaigns/templates/${id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('PATCH', `/campaigns/templates/${id}`, { token: stranger.token, body: { name: 'x' } }), 404);
    expectProblem(await t.send('DELETE', `/campaigns/templates/${id}`, { token: stranger.token }), 404);
    expect((await t.send('GET', '/campaigns/templates', { token: stranger.token })).body.total).toBe(4);

    expect((await t.send('DELETE', `/campaigns/templates/${id}`, { token: admin.token })).status).toBe(204);
    expectProblem(await t.send('GET', `/campaigns/templates/${id}`, { token: admin.token }), 404);
  });

  it('refuses a variable that is neither known nor declared, naming it, at save time', async () => {
    const res = await t.send('POST', '/campaigns/templates', { token: admin.token, body: { ...OPEN_HOUSE, variables: [] } });
    expectInvalid(res, '/subject', '/body_text');
    expect(res.body.errors[0].detail).toContain('{{open_house_date}}');
    expectInvalid(await t.send('POST', '/campaigns/templates', { token: admin.token, body: { ...OPEN_HOUSE, body_html: '<p>{{ lead.phone }}</p>' } }), '/body_html');
    expectInvalid(await t.send('POST', '/campaigns/templates', { token: admin.token, body: { ...OPEN_HOUSE, variables: ['open_house_date', 'bad name'] } }), '/variables/1');
    expectInvalid(await t.send('POST', '/campaigns/templates', { token: admin.token, body: { name: 'x', subject: 's' } }), '/body_text');
  });

  it('keeps the shipped templates read-only and writes to agents and admins', async () => {
    expectProblem(await t.send('PATCH', '/campaigns/templates/new_listing', { token: admin.token, body: { name: 'Mine now' } }), 403);
    expectProblem(await t.send('DELETE', '/campaigns/templates/new_listing', { token: admin.token }), 403);
    const viewer = await t.user({ role: 'viewer', teamId: admin.teamId });
    expectProblem(await t.send('POST', '/campaigns/templates', { token: viewer.token, body: OPEN_HOUSE }), 403);
    expect((await t.send('GET', '/campaigns/templates', { token: viewer.token })).status).toBe(200);
  });

  it('asks for the custom variables a template needs when a campaign uses it', async () => {
    const created = await t.send('POST', '/campaigns/templates', { token: admin.token, body: { ...OPEN_HOUSE, subject: 'Open house on {{open_house_date}}' } });
    const body = { name: 'Open house', template_id: created.body.id, recipients: ['a@example.com'], draft: true };
    expectInvalid(await t.send('POST', '/campaigns', { token: admin.token, body }), '/variables/open_house_date');
    expect((await t.send('POST', '/campaigns', { token: admin.token, body: { ...body, variables: { open_house_date: 'Saturday' } } })).status).toBe(201);
  });
});

describe('renderTemplate', () => {
  it('fills placeholders, escapes values in HTML only, and leaves no placeholder behind', () => {
    const values = { 'lead.name': 'Jane <Doe>' };
    expect(renderTemplate('Hi {{ lead.name }}{{missing}}!', values)).toBe('Hi Jane <Doe>!');
    expect(renderTemplate('<p>Hi {{lead.name}}</p>', values, { html: true })).toBe('<p>Hi Jane &lt;Doe&gt;</p>');
  });
});
