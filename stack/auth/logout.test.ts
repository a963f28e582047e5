import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';


describe('POST /auth/logout', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
    user = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const login = async (who: TestUser = user) => (await t.send('POST', '/auth/login', { body: { email: who.email, password: who.password } })).body;
  const refreshStatus = async (token: string) => (await t.send('POST', '/auth/refresh', { body: { refresh_token: token } })).status;

  it('with a refresh_token ends that session (its whole chain) and no other', async () => {
    const session = await login();
    const rotated = (await t.send('POST', '/auth/refresh', { body: { refresh_token: session.refresh_token } })).body;
    const other = await login();
    const res = await t.send('POST', '/auth/logout', { token: rotated.access_token, body: { refresh_token: rotated.refresh_token } });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await refreshStatus(rotated.refresh_token)).toBe(401);
    expect(await refreshStatus(other.refresh_token)).toBe(200);
  });

  it.each<[string, (token: string) => { body?: unknown; headers?: Record<string, string> }]>([
    ['without a body', () => ({})],
    ['with a JSON content type and an empty body', () => ({ headers: { 'Content-Type': 'application/json' }, body: '' })],
    ['with all: true (even beside a refresh_token)', (token) => ({ body: { all: true, refresh_token: token } })],
  ])('%s ends every session of the caller', async (_case, request) => {
    const [a, b] = [await login(), await login()];
    const res = await t.send('POST', '/auth/logout', { token: a.access_token, ...request(a.refresh_token) });
    expect(res.status).toBe(204);
    expect(await refreshStatus(a.refresh_token)).toBe(401);
    expect(await refreshStatus(b.refresh_token)).toBe(401);
  });

  it('leaves someone else’s session alone when given their refresh token', async () => {
    const victim = await t.user({ role: 'agent' });
    const theirs = await login(victim);
    const mine = await login();
    const res = await t.send('POST', '/auth/logout', { token: mine.access_token, body: { refresh_token: theirs.refresh_token } });
    expect(res.status).toBe(204);
    expect(await refreshStatus(theirs.refresh_token)).toBe(200);
    expect(await refreshStatus(mine.refresh_token)).toBe(200);
  });

  it('needs an access token', async () => {
    const tokens = await login();
    const res = await t.send('POST', '/auth/logout', { body: { refresh_token: tokens.refresh_token } });
    expect(res.status).toBe(401);
    expect(await refreshStatus(tokens.refresh_token)).toBe(200);
  });

  it.each([
    ['an unknown field', { everywhere: true }],
    ['all that is not a boolean', { all: 'yes' }],
  ])('answers 422 for %s', async (_case, body) => {
    expect((await t.send('POST', '/auth/logout', { token: user.token, body })).status).toBe(422);
  });
});
