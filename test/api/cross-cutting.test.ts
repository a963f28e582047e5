/**
 * Behaviour every route shares: request ids, problem+json errors, 404/405/413/415, JSON parse
 * errors, and the structured request log line.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../stack/app.js';
import { createLogger } from '../../stack/lib/logger.js';
import { createTestApp, type TestApp } from '../support/app.js';

describe('cross-cutting behaviour', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = (await t.user()).token;
  });
  afterAll(() => t.close());

  it('gives every response an X-Request-Id, echoing a sane one and replacing an unsafe one', async () => {
    const generated = await t.send('GET', '/healthz');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.send('GET', '/healthz', { headers: { 'X-Request-Id': 'trace-abc.123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc.123');
    const unsafe = await t.send('GET', '/healthz', { headers: { 'X-Request-Id': 'bad id <script>' } });
    expect(unsafe.headers.get('x-request-id')).not.toContain('<');
  });

  it('answers an unknown route with a 404 problem carrying the request id', async () => {
    const res = await t.send('GET', '/no/such/route', { headers: { 'X-Request-Id': 'req-404' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, request_id: 'req-404', instance: '/no/such/route' });
  });

  it('answers an unsupported method with 405 and an Allow header', async () => {
    const res = await t.send('DELETE', '/healthz');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect(res.body.status).toBe(405);
  });

  it('refuses a body over the limit with 413 problem', async () => {
    const res = await t.send('POST', '/properties', { token, body: JSON.stringify({ address: 'x'.repeat(1024 * 1024 + 10) }) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.status).toBe(413);
  });

  // Regression: the 413 answered keep-alive while the unread body stayed on the socket, and the
  // server closed it once draining took over 500 ms, so a client's next request on that socket
  // failed with "other side closed" (found by scenarios/security/api4-resource-consumption.yaml).
  it('closes the connection after a 413, so a client never reuses a socket the server drops', async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const agent = new Agent({ connections: 1 });
    try {
      const big = await request(`${base}/properties`, {
        method: 'POST',
        dispatcher: agent,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: 'x'.repeat(1024 * 1024 + 10),
      });
      await big.body.text();
      expect(big.statusCode).toBe(413);
      expect(big.headers.connection).toBe('close');
      for (let i = 0; i < 3; i++) {
        const next = await request(`${base}/healthz`, { dispatcher: agent });
        await next.body.text();
        expect(next.statusCode).toBe(200);
      }
    } finally {
      await agent.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('over a real socket, every kind of answer keeps its request id, security headers and exact length', async () => {
    // The node server writes a handler's JSON or text straight from its string unless a
    // middleware rebuilds the response; headers added after the handler must survive either way.
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const created = await t.send('POST', '/properties', { token, body: { address: '9 Socket Way', city: 'Austin', state: 'TX', zip: '78701' } });
      const auth = { Authorization: `Bearer ${token}` };
      const property = await request(`${base}/properties/${created.body.id}`, { headers: { ...auth, 'X-Request-Id': 'sock-1' } });
      const etag = property.headers.etag as string;
      const answers = {
        json: [property, 200],
        notModified: [await request(`${base}/properties/${created.body.id}`, { headers: { ...auth, 'If-None-Match': etag } }), 304],
        problem: [await request(`${base}/properties/nonexistent-id`, { headers: auth }), 404],
        html: [await request(`${base}/docs`), 200],
        text: [await request(`${base}/metrics`), 200],
      } as const;
      for (const [kind, [res, status]] of Object.entries(answers)) {
        const body = Buffer.from(await res.body.arrayBuffer());
        expect(res.statusCode, kind).toBe(status);
        expect(res.headers['x-request-id'], kind).toMatch(kind === 'json' ? /^sock-1$/ : /^[0-9a-f-]{36}$/);
        expect(res.headers['x-content-type-options'], kind).toBe('nosniff');
        expect(res.headers['content-security-policy'], kind).toContain("default-src 'none'");
        if (status !== 304) expect(Number(res.headers['content-length']), kind).toBe(body.length);
      }
      expect(JSON.parse(Buffer.from(await (await request(`${base}/properties/${created.body.id}`, { headers: auth })).body.arrayBuffer()).toString())).toMatchObject({ id: created.body.id, address: '9 Socket Way' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a non-JSON body with 415 problem', async () => {
    const res = await t.send('POST', '/properties', { token, body: 'address=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.detail).toContain('application/json');
  });

  it('answers malformed JSON with a 400 problem, not a stack trace', async () => {
    const res = await t.send('POST', '/properties', { token, body: '{"address": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(res.text).not.toMatch(/\s+at\s+\S+\s+\(/);
  });

  it('maps an unreachable database to 503 problem with Retry-After', async () => {
    const down = { ...t.database, db: new Proxy(t.database.db, { get: () => () => { throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }); } }) };
    const app = createApp({ database: down, config: t.config, logger: createLogger({ level: 'silent' }) });
    const res = await app.request('/properties', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('writes one JSON log line per request with level, request_id, method, route, status and duration', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = createApp({ database: t.database, config: t.config, logger: createLogger({ destination: sink }) });
    await app.request('/healthz', { headers: { 'X-Request-Id': 'log-check-1' } });
    await app.request('/nope', { headers: { 'X-Request-Id': 'log-check-2' } });
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.find((l) => l.request_id === 'log-check-1')).toMatchObject({ level: 'info', method: 'GET', path: '/healthz', route: '/healthz', status: 200 });
    expect(parsed.find((l) => l.request_id === 'log-check-2')).toMatchObject({ level: 'warn', route: 'unmatched', status: 404 });
    expect(typeof parsed[0].duration_ms).toBe('number');
  });
});
