/** The light `request` sends what undici's own `request` sends and answers the same. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { request } from '../../src/checks/support/undici-request.js';
import { closedPort, sendJson, startServer, type TestServer } from './support/servers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    sendJson(res, req.url === '/missing' ? 404 : 200, { method: req.method, url: req.url, headers: req.headers, body: req.body }, { 'X-Seen': 'yes' });
  });
});

afterAll(() => server.close());

async function answer(res: Dispatcher.ResponseData) {
  const json = (await res.body.json()) as { headers: Record<string, string>; url: string } & Record<string, unknown>;
  const { host: _host, ...headers } = json.headers;
  return { status: res.statusCode, seen: res.headers['x-seen'], json: { ...json, headers } };
}

describe('request (undici without its index)', () => {
  it.each([
    ['a GET with a query string', '/things?page=2&q=a%20b', {}],
    ['a POST with headers and a body', '/things', { method: 'POST', headers: { 'content-type': 'application/json', 'x-one': '1' }, body: '{"a":1}' }],
    ['a body without a method (undici sends PUT)', '/things', { body: 'raw' }],
    ['a 404', '/missing', { method: 'DELETE' }],
  ] as const)('sends %s exactly as undici.request does', async (_name, path, options) => {
    const mine = await answer(await request(`${server.url}${path}`, { ...options }));
    const theirs = await answer(await undiciRequest(`${server.url}${path}`, { ...options }));
    expect(mine).toEqual(theirs);
    expect(mine.json.url).toBe(path);
  });

  it('accepts a URL object and a dispatcher of its own', async () => {
    const agent = new Agent();
    const res = await request(new URL('/via-agent', server.url), { dispatcher: agent });
    expect(res.statusCode).toBe(200);
    expect(((await res.body.json()) as { url: string }).url).toBe('/via-agent');
    await agent.close();
  });

  it('rejects like undici when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const mine = await request(url).catch((error: Error & { code?: string }) => error.code);
    const theirs = await undiciRequest(url).catch((error: Error & { code?: string }) => error.code);
    expect(mine).toBe(theirs);
    expect(mine).toBe('ECONNREFUSED');
  });

  it("does not load undici's fetch, WebIDL or Node's bundled undici", () => {
    // A child process: this one has undici's index loaded already (the comparison above).
    const probe = `import { createRequire } from 'node:module';
      await import(${JSON.stringify(new URL('../../src/checks/support/undici-request.ts', import.meta.url).href)});
      const loaded = [...process.moduleLoadList, ...Object.keys(createRequire(import.meta.url).cache)];
      console.log(JSON.stringify(loaded.filter((m) => /deps\\/undici|undici\\/lib\\/web\\/|undici\\/index\\.js/.test(m))));`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout.trim().split('\n').pop() ?? '')).toEqual([]);
  });
});
