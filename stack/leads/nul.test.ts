/**
 * PostgreSQL text cannot hold NUL: such input must be a 422 (or, in a path id, a 404), never a
 * driver error surfacing as 500.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem } from '../../test/support/fixtures.js';

describe('NUL characters in leads and deals input', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it.each([
    ['/leads', { name: 'Jane\u0000' }, '/name'],
    ['/leads', { name: 'Jane', property_id: 'p\u0000' }, '/property_id'],
    ['/deals', { lead_id: 'l\u0000' }, '/lead_id'],
    ['/deals', { title: 'T\u0000' }, '/title'],
  ])('POST %s %j is 422 at %s', async (path, body, pointer) => {
    expectInvalid(await t.send('POST', path, { token: agent.token, body }), pointer);
  });

  it.each(['/leads?q=a%00', '/leads?assigned_to=a%00', '/deals?lead_id=a%00'])('GET %s is 422', async (path) => {
    expectProblem(await t.send('GET', path, { token: agent.token }), 422);
  });

  it.each([
    ['GET', '/leads/a%00'],
    ['DELETE', '/leads/a%00'],
    ['DELETE', '/deals/a%00'],
    ['GET', '/deals/a%00/history'],
  ])('%s %s is 404', async (method, path) => {
    expectProblem(await t.send(method, path, { token: agent.token }), 404);
  });
});
