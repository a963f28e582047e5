/**
 * CORS through the real app: a listed origin is echoed with credentials, an unlisted one gets
 * nothing, preflights are answered 204 before routing (not 405), and no list means no CORS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { createApp } from '../app.js';
import { parseCorsOrigins } from './cors.js';
import { StackError } from './errors.js';
import { createLogger } from './logger.js';

const LISTED = 'https://app.example.com';
const UNLISTED = 'https://evil.example.net';

describe('CORS with an allow-list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ corsOrigins: parseCorsOrigins(`${LISTED}, http://localhost:5173`) });
  });
  afterAll(() => t.close());

  const preflight = (origin: string, path = '/auth/login') =>
    t.app.request(path, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, authorization' },
    });

  it('echoes a listed origin with credentials, Vary: Origin and the readable headers', async () => {
    const res = await t.send('GET', '/healthz', { headers: { Origin: LISTED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/RateLimit-Policy.*X-Request-Id/);
  });

  it('gives an unlisted origin no CORS headers at all, and never a wildcard', async () => {
    for (const origin of [UNLISTED, 'null', `${LISTED}.evil.net`, 'http://app.example.com']) {
      const res = await t.send('GET', '/healthz', { headers: { Origin: origin } });
      expect(res.status).toBe(200);
      expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
      expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    }
  });

  it('carries the CORS headers on errors too, so a browser can read a 401 or 404 problem', async () => {
    const res = await t.send('GET', '/auth/me', { headers: { Origin: LISTED } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(LISTED);
  });

  it('answers a listed preflight 204 before routing, counted against no budget', async () => {
    for (let i = 0; i < 15; i++) {
      const res = await preflight(LISTED);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(LISTED);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Content-Type/);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
    const login = await t.send('POST', '/auth/login', { body: { email: 'cors@example.test', password: 'x' }, headers: { Origin: LISTED } });
    expect(login.status).toBe(401);
  });

  it('answers an unlisted preflight without CORS headers (here the usual 405)', async () => {
    const res = await preflight(UNLISTED);
    expect(res.status).toBe(405);
    expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('CORS without CORS_ORIGINS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sends no CORS headers and no Vary for any origin, preflights included', async () => {
    expect(t.config.corsOrigins).toEqual([]);
    const app = createApp({ database: t.database, config: t.config, logger: createLogger({ level: 'silent' }) });
    const simple = await app.request('/healthz', { headers: { Origin: 'https://app.example.com' } });
    const pre = await app.request('/healthz', { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' } });
    for (const res of [simple, pre]) {
      expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
      expect(res.headers.get('vary')).toBeNull();
    }
  });
});

describe('parseCorsOrigins', () => {
  it('accepts exact origins and lower-cases the host', () => {
    expect(parseCorsOrigins(' https://App.Example.com ,http://localhost:5173,')).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(parseCorsOrigins(undefined)).toEqual([]);
  });

  it.each(['*', 'https://app.example.com/', 'https://app.example.com/path', 'app.example.com', 'null'])('refuses %j', (entry) => {
    expect(() => parseCorsOrigins(entry)).toThrow(StackError);
  });
});
