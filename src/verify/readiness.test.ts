import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilReady } from './readiness.js';
import { fetchOpenApi } from './openapi.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: (path: string) => { status: number; body?: string }): Promise<string> {
  const server = http.createServer((req, res) => {
    const { status, body } = handler(req.url ?? '/');
    res.writeHead(status, { 'content-type': 'application/json' }).end(body ?? '{}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<string> {
  const url = await serve(() => ({ status: 200 }));
  await new Promise((r) => servers.pop()!.close(r));
  return url;
}

describe('waitUntilReady', () => {
  it('is ready when /ready answers 2xx', async () => {
    const url = await serve((p) => ({ status: p === '/ready' ? 200 : 500 }));
    expect(await waitUntilReady(url, { timeoutMs: 2_000 })).toMatchObject({ ready: true, probe: '/ready', status: 200 });
  });

  it('falls back to /healthz, then /, for an API that is not this platform', async () => {
    const healthz = await serve((p) => ({ status: p === '/healthz' ? 204 : 404 }));
    expect(await waitUntilReady(healthz, { timeoutMs: 2_000 })).toMatchObject({ ready: true, probe: '/healthz' });
    const root = await serve(() => ({ status: 404 }));
    expect(await waitUntilReady(root, { timeoutMs: 2_000 })).toMatchObject({ ready: true, probe: '/', status: 404 });
  });

  it('keeps waiting while /ready answers 503, then reports it', async () => {
    let calls = 0;
    const url = await serve(() => ({ status: ++calls < 3 ? 503 : 200 }));
    expect(await waitUntilReady(url, { timeoutMs: 5_000, intervalMs: 20 })).toMatchObject({ ready: true, probe: '/ready' });
    const never = await serve(() => ({ status: 503 }));
    expect(await waitUntilReady(never, { timeoutMs: 300, intervalMs: 20 })).toMatchObject({ ready: false, status: 503, problem: 'GET /ready answered 503' });
  });

  it('is not ready, with the network error, when nothing listens', async () => {
    const result = await waitUntilReady(await closedPort(), { timeoutMs: 300, intervalMs: 50 });
    expect(result).toMatchObject({ ready: false, problem: 'ECONNREFUSED' });
  });
});

describe('fetchOpenApi', () => {
  it('returns the document, or undefined when there is none', async () => {
    const url = await serve((p) => (p === '/docs/openapi.json' ? { status: 200, body: '{"openapi":"3.1.0"}' } : { status: 404 }));
    expect(await fetchOpenApi(url)).toEqual({ openapi: '3.1.0' });
    expect(await fetchOpenApi(await serve(() => ({ status: 404 })))).toBeUndefined();
    expect(await fetchOpenApi(await closedPort())).toBeUndefined();
  });
});
