import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { backend } from '../../test/support/backend.js';

describe('GET /inventory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('needs a token', async () => {
    const res = await t.send('GET', '/inventory');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('problem+json');
  });

  it('counts the operations of the app’s own document, by domain and method', async () => {
    const viewer = await t.user({ role: 'viewer' });
    const [res, doc] = await Promise.all([t.send('GET', '/inventory', { token: viewer.token }), t.send('GET', '/docs/openapi.json')]);
    expect(res.status).toBe(200);
    const documented = Object.values(doc.body.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(res.body.operations.total).toBe(documented);
    const domains = res.body.operations.domains.map((d: { domain: string }) => d.domain);
    expect(domains).toEqual(expect.arrayContaining(['health', 'auth', 'properties', 'inventory']));
    expect(domains.indexOf('health')).toBeLessThan(domains.indexOf('auth'));
    const inventory = res.body.operations.domains.find((d: { domain: string }) => d.domain === 'inventory');
    expect(inventory).toMatchObject({ total: 1, methods: { GET: 1 } });
    const sum = res.body.operations.domains.reduce((n: number, d: { total: number }) => n + d.total, 0);
    expect(sum).toBe(documented);
    expect(res.body.operations.operations).toContainEqual(expect.objectContaining({ method: 'GET', path: '/inventory', domain: 'inventory' }));
  });

  it('lists the live tables with their rows, and what runs with which provider', async () => {
    const admin = await t.user();
    await t.user({ teamId: admin.teamId });
    const res = await t.send('GET', '/inventory', { token: admin.token });
    const users = res.body.tables.tables.find((x: { name: string }) => x.name === 'users');
    expect(users).toMatchObject({ schema: 'public', source: 'count' });
    expect(users.rows).toBeGreaterThanOrEqual(2);
    expect(res.body.tables.total).toBe(res.body.tables.tables.length);
    expect(res.body.tables.tables.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['teams', 'properties', 'jobs']));
    expect(res.body.components).toContainEqual(expect.objectContaining({ name: 'event-bus', mode: 'in-process' }));
    expect(res.body.components).toContainEqual(expect.objectContaining({ name: 'rate-limit-store', mode: 'memory' }));
    expect(Object.fromEntries(res.body.providers.map((p: { name: string; kind: string; mode: string }) => [p.name, `${p.kind}:${p.mode}`]))).toEqual({
      mail: 'catcher:mock',
      sms: 'mock:mock',
      storage: 'fs:mock',
      // The suite runs on both backends: PGlite is the embedded stand-in, PostgreSQL the real thing.
      database: backend === 'postgres' ? 'postgres:real' : 'pglite:mock',
    });
  });

  it('reports real providers from the configuration', async () => {
    const real = await createTestApp({ jobs: { ...t.config.jobs, worker: 'off' }, sms: { ...t.config.sms, provider: 'twilio' }, mail: { ...t.config.mail, catcher: false, provider: 'sendgrid' } });
    try {
      const user = await real.user();
      const res = await real.send('GET', '/inventory', { token: user.token });
      const providers = Object.fromEntries(res.body.providers.map((p: { name: string; kind: string; mode: string }) => [p.name, `${p.kind}:${p.mode}`]));
      expect(providers).toMatchObject({ mail: 'sendgrid:real', sms: 'twilio:real' });
      expect(res.body.components).toContainEqual(expect.objectContaining({ name: 'worker', mode: 'separate' }));
      expect(res.body.components.map((c: { name: string }) => c.name)).not.toContain('mail-catcher');
    } finally {
      await real.close();
    }
  });
});
