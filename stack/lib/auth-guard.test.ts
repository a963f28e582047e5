import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createTestApp, NO_RATE_LIMITS, type TestApp } from '../../test/support/app.js';
import { createLogger } from './logger.js';

describe('requireAuth with its verified-token cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(NO_RATE_LIMITS);
  });
  afterAll(() => t.close());

  it('keeps answering for a cached token, and a stack with another secret still refuses it', async () => {
    const user = await t.user();
    expect((await t.send('GET', '/auth/me', { token: user.token })).status).toBe(200);
    expect((await t.send('GET', '/auth/me', { token: user.token })).status).toBe(200);
    const otherSecret = { ...t.config, jwt: { ...t.config.jwt, secret: 'another-secret-of-at-least-thirty-two-chars' } };
    const other = createApp({ database: t.database, config: otherSecret, logger: createLogger({ level: 'silent' }) });
    const res = await other.request('/auth/me', { headers: { Authorization: `Bearer ${user.token}` } });
    expect(res.status).toBe(401);
  });

  it('stops accepting a cached token once it expires', async () => {
    const user = await t.user();
    const soon = Math.floor(Date.now() / 1000) + 2;
    const token = await new SignJWT({ team: user.teamId, role: user.role, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer(t.config.jwt.issuer)
      .setAudience(t.config.jwt.audience)
      .setIssuedAt()
      .setExpirationTime(soon)
      .sign(new TextEncoder().encode(t.config.jwt.secret));
    expect((await t.send('GET', '/auth/me', { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, soon * 1000 - Date.now() + 100));
    const expired = await t.send('GET', '/auth/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toContain('expired');
  });
});
