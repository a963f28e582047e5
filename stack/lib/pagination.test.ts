/**
 * Cursors: what `encodeCursor` issues decodes back exactly; anything else, however it is forged,
 * is a 422 on the `cursor` parameter, never a driver error surfacing as 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectProblem } from '../../test/support/fixtures.js';
import { decodeCursor, encodeCursor } from './pagination.js';
import { ProblemError } from './problem.js';
import { VALIDATION_PROBLEM_TYPE } from './validation.js';

const forge = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const AT = '2026-01-02T03:04:05.678Z';

const FORGED: [string, string][] = [
  ['an id with NUL', forge([AT, 'a\u0000b'])],
  ['an id with another control character', forge([AT, 'a\u001fb'])],
  ['an id with DEL', forge([AT, 'a\u007f'])],
  ['a numeric id', forge([AT, 42])],
  ['a date PostgreSQL cannot hold', forge(['-271821-04-20T00:00:00.000Z', 'x'])],
  ['a date that is not a string', forge([0, 'x'])],
  ['JSON that is not a pair', forge({ at: AT, id: 'x' })],
  ['null', forge(null)],
  ['text that is not base64url JSON', 'not-a-cursor'],
];

describe('decodeCursor', () => {
  it('round-trips what encodeCursor issues', () => {
    const key = { createdAt: new Date(AT), id: '5b0f7c9e-8d1a-4b7e-9c55-2f0a6a3e9d11' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });

  it.each(FORGED)('refuses %s with a 422 on the cursor parameter', (_, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemError);
    const problem = thrown as ProblemError;
    expect(problem.status).toBe(422);
    expect(problem.init.type).toBe(VALIDATION_PROBLEM_TYPE);
    expect(problem.init.errors).toEqual([expect.objectContaining({ parameter: 'cursor' })]);
  });
});

describe('a forged cursor on the lists', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it.each(['/leads', '/deals', '/properties'])('GET %s with an id holding NUL is 422, not 500', async (path) => {
    const res = await t.send('GET', `${path}?cursor=${forge([AT, 'x\u0000'])}`, { token: agent.token });
    const problem = expectProblem(res, 422);
    expect(problem.errors).toEqual([expect.objectContaining({ parameter: 'cursor' })]);
  });

  it('GET /leads with a date out of PostgreSQL’s range is 422, not 500', async () => {
    const res = await t.send('GET', `/leads?cursor=${forge(['-271821-04-20T00:00:00.000Z', 'x'])}`, { token: agent.token });
    expectProblem(res, 422);
  });
});
