/**
 * Security headers on every response, a docs page whose CSP lets its own same-origin assets
 * run (and nothing else), and HSTS only when configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { createApp } from '../app.js';
import { createLogger } from './logger.js';

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function directives(csp: string | null): Map<string, string[]> {
  return new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['GET', '/healthz', 200],
    ['GET', '/no/such/route', 404],
    ['DELETE', '/healthz', 405],
    ['GET', '/auth/me', 401],
    ['POST', '/auth/login', 422],
  ])('are on %s %s (%i)', async (method, path, status) => {
    const res = await t.send(method, path, method === 'POST' ? { body: {} } : {});
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toBe(API_CSP);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('lets /docs load its own scripts, styles and spec from the same origin, and nothing inline', async () => {
    const page = await t.send('GET', '/docs');
    expect(page.status).toBe(200);
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toContain("'self'");
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(page.headers.get('x-frame-options')).toBe('DENY');

    // script-src 'self' is enough only if every script is an external same-origin file.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe('');
      expect(attributes).toMatch(/src="\/docs\/assets\/[^"]+"/);
    }
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    for (const asset of assets) {
      expect(asset.startsWith('/docs/')).toBe(true);
      expect((await t.app.request(asset)).status).toBe(200);
    }
    const spec = await t.send('GET', '/docs/openapi.json');
    expect(spec.headers.get('content-security-policy')).toBe(API_CSP);
  });

  it('sends HSTS only when HSTS_MAX_AGE is configured', async () => {
    const app = createApp({ database: t.database, config: { ...t.config, hstsMaxAgeSeconds: 31_536_000 }, logger: createLogger({ level: 'silent' }) });
    const res = await app.request('/healthz');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
