import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(['/healthz', '/livez'])('%s answers pass as health+json without touching the database', async (path) => {
    const res = await t.send('GET', path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/health\+json/);
    expect(res.body.status).toBe('pass');
    expect(res.body.checks).toBeUndefined();
  });

  it.each(['/health', '/ready', '/readyz'])('%s checks the database', async (path) => {
    const res = await t.send('GET', path);
    expect(res.status).toBe(200);
    const [check] = Object.values(res.body.checks as Record<string, { status: string; componentType: string; time: string }[]>)[0];
    expect(check).toMatchObject({ status: 'pass', componentType: 'datastore' });
    expect(Date.parse(check.time)).not.toBeNaN();
  });

  it('readiness turns 503 with status fail when the database cannot answer', async () => {
    const broken = { ...t.database, ping: () => Promise.reject(new Error('connection refused')) };
    const { createApp } = await import('../app.js');
    const { createLogger } = await import('../lib/logger.js');
    const app = createApp({ database: broken, config: t.config, logger: createLogger({ level: 'silent' }) });
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: unknown };
    expect(body.status).toBe('fail');
    expect(JSON.stringify(body.checks)).toContain('connection refused');
    expect((await app.request('/livez')).status).toBe(200);
  });

  it('/metrics counts requests by route pattern and status', async () => {
    await t.send('GET', '/healthz');
    const res = await t.send('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
  });
});
