/**
 * PostgreSQL going down under a running API, on a private server this test starts and stops
 * (never the machine's shared one): readiness turns 503, business routes answer 503
 * problem+json with Retry-After instead of hanging, and once the server is back the same
 * process recovers by itself. The fetch timeouts only catch a hang; they are not performance
 * claims.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../stack/config.js';
import { startStack, type RunningStack } from '../../stack/server.js';
import { privatePostgresProblem, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { call, until } from '../support/outage-http.js';

const problem = privatePostgresProblem();
if (problem && process.env.CI === 'true') throw new Error(`${problem}; CI=true requires it.`);
if (problem) console.warn(`\n[outage] SKIPPED: ${problem}.\n`);


describe.skipIf(problem)('PostgreSQL down while the API runs', () => {
  let pg: PrivatePostgres;
  let stack: RunningStack;
  let token: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const config = { ...loadStackConfig({ DATABASE_URL: pg.url, LOG_LEVEL: 'silent', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0' }, 'test'), host: '127.0.0.1', port: 0 };
    stack = await startStack({ config });
    const account = { email: 'outage@example.test', password: 'Outage-Pass-1', name: 'Outage' };
    expect((await call(stack.url, '/auth/register', { method: 'POST', body: JSON.stringify(account) })).status).toBe(201);
    const login = await call(stack.url, '/auth/login', { method: 'POST', body: JSON.stringify({ email: account.email, password: account.password }) });
    expect(login.status).toBe(200);
    token = login.body!.access_token;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    pg?.destroy();
  });

  it('answers 503 while it is down and recovers without a restart', { timeout: 120_000 }, async () => {
    expect((await call(stack.url, '/properties', { token })).status).toBe(200);
    pg.stop();

    const ready = await until(() => call(stack.url, '/ready'), (r) => r.status === 503);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'fail' });
    expect((await call(stack.url, '/livez')).status).toBe(200);

    const list = await call(stack.url, '/properties', { token });
    expect(list.status).toBe(503);
    expect(list.headers.get('content-type')).toContain('application/problem+json');
    expect(list.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(list.body).toMatchObject({ status: 503 });
    const create = await call(stack.url, '/properties', { token, method: 'POST', body: JSON.stringify({ address: '1 Down St', city: 'Outage', state: 'CA', zip: '90000' }) });
    expect(create.status).toBe(503);
    expect(create.headers.get('content-type')).toContain('application/problem+json');

    pg.start();
    expect((await until(() => call(stack.url, '/ready'), (r) => r.status === 200)).status).toBe(200);
    const after = await until(() => call(stack.url, '/properties', { token, method: 'POST', body: JSON.stringify({ address: '2 Back St', city: 'Outage', state: 'CA', zip: '90000' }) }), (r) => r.status === 201, 50);
    expect(after.status).toBe(201);
    expect((await call(stack.url, '/properties', { token })).body!.total).toBe(1);
  });
});
