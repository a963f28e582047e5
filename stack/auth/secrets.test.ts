import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type SendOptions, type TestApp, type TestResponse } from '../../test/support/app.js';

// Walks every auth and team operation, successes and failures, and checks that no answer ever
// carries a password hash (by column name or by its scrypt$ format).

describe('auth and team responses carry no secret', () => {
  let t: TestApp;
  const seen: { route: string; res: TestResponse }[] = [];
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
  });
  afterAll(() => t.close());

  async function send(method: string, path: string, options: SendOptions = {}) {
    const res = await t.send(method, path, options);
    seen.push({ route: `${method} ${path} -> ${res.status}`, res });
    return res;
  }

  it('across register, login, me, refresh, team, members, password change and logout', async () => {
    const account = { email: 'secrets@example.test', password: 'Secret-Pass-1', name: 'Secret Keeper' };
    const registered = await send('POST', '/auth/register', { body: account });
    await send('POST', '/auth/register', { body: account });
    await send('POST', '/auth/register', { body: { ...account, role: 'viewer' } });
    const tokens = (await send('POST', '/auth/login', { body: { email: account.email, password: account.password } })).body;
    await send('POST', '/auth/login', { body: { email: account.email, password: 'wrong-password' } });
    const token = tokens.access_token;
    await send('GET', '/auth/me', { token });
    await send('PATCH', '/auth/me', { token, body: { name: 'Renamed Keeper' } });
    await send('PATCH', '/auth/me', { token, body: { team_id: 'x' } });
    const rotated = (await send('POST', '/auth/refresh', { body: { refresh_token: tokens.refresh_token } })).body;
    await send('POST', '/auth/refresh', { body: { refresh_token: tokens.refresh_token } });
    const member = (await send('POST', '/team/members', { token, body: { email: 'm@example.test', name: 'M', password: 'Member-Pass-1', role: 'agent' } })).body;
    await send('POST', '/team/members', { token, body: { email: 'm@example.test', name: 'M', password: 'Member-Pass-1', role: 'agent' } });
    await send('PATCH', `/team/members/${member.id}`, { token, body: { role: 'viewer' } });
    await send('PATCH', `/team/members/${registered.body.id}`, { token, body: { active: false } });
    await send('GET', '/team', { token });
    await send('POST', '/auth/change-password', { token, body: { current_password: 'wrong', new_password: 'Another-Pass-2' } });
    await send('POST', '/auth/change-password', { token, body: { current_password: account.password, new_password: 'Another-Pass-2' } });
    await send('POST', '/auth/logout', { token: rotated.access_token, body: { all: true } });

    expect(seen.map((s) => s.res.status)).toEqual([201, 409, 422, 200, 401, 200, 200, 422, 200, 401, 201, 409, 200, 409, 200, 403, 204, 204]);
    for (const { route, res } of seen) {
      expect(res.text, route).not.toMatch(/password_?hash/i);
      expect(res.text, route).not.toContain('scrypt$');
    }
  });
});
