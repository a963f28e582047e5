import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startServer, type TestServer } from './support/servers.js';
import { runYaml, step } from './support/scenarios.js';

/**
 * An SSE server: `/token` issues a token, `/stream?token=ok` streams `item.created` events
 * published by `POST /items`, and resumes after `Last-Event-ID` from its history. `dup=1`
 * resumes one event too early (a duplicate); `gap=1` forgets the backlog (a gap).
 */
let server: TestServer;
const clients = new Set<http.ServerResponse>();
const history: { id: number; data: string }[] = [];

function frame(event: { id: number; data: string }): string {
  return `id: ${event.id}\nevent: item.created\ndata: ${event.data}\n\n`;
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') return sendJson(res, 200, { token: 'ok' });
    if (url.pathname === '/items' && req.method === 'POST') {
      const event = { id: history.length + 1, data: JSON.stringify({ name: (JSON.parse(req.body) as { name: string }).name }) };
      if (url.searchParams.get('silent') !== '1') {
        history.push(event);
        for (const client of clients) client.write(frame(event));
      }
      return sendJson(res, 201, { id: event.id });
    }
    if (url.pathname === '/stream') {
      if (url.searchParams.get('token') !== 'ok') return sendJson(res, 401, { status: 401 }, { 'Content-Type': 'application/problem+json' });
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write('retry: 1000\n: connected\n\n');
      const last = Number(req.headers['last-event-id'] ?? NaN);
      if (!Number.isNaN(last) && url.searchParams.get('gap') !== '1') {
        const from = url.searchParams.get('dup') === '1' ? last : last + 1;
        for (const event of history.filter((e) => e.id >= from)) res.write(frame(event));
      }
      clients.add(res);
      res.on('close', () => clients.delete(res));
      return;
    }
    sendJson(res, 404, {});
  });
});

afterAll(() => server.close());

function sseScenario(options: { first: string; second?: string; streamQuery?: string; resumeQuery?: string; triggerQuery?: string; within?: number }): string {
  const reconnect = options.second
    ? `      reconnect:
        url: "/stream?token=\${{ steps.token.token }}${options.resumeQuery ?? ''}"
        triggers:
          - id: while-away
            http: { method: POST, url: /items, json: { name: ${options.second} } }
            expect: { status: 201 }
        within: ${options.within ?? 2000}
        events:
          - event: item.created
            jsonpath: { "$.name": ${options.second} }
`
    : '';
  return `name: sse
area: hardening
severity: major
steps:
  - id: token
    http: { url: /token }
    capture: { token: { jsonpath: "$.token" } }
  - id: stream
    sse:
      url: "/stream?token=\${{ steps.token.token }}${options.streamQuery ?? ''}"
      within: ${options.within ?? 2000}
      triggers:
        - id: create
          http: { method: POST, url: "/items${options.triggerQuery ?? ''}", json: { name: ${options.first} } }
          expect: { status: 201 }
${reconnect}    expect:
      events:
        - event: item.created
          jsonpath: { "$.name": ${options.first} }
`;
}

describe('sse check', () => {
  it('sees the triggered event, reconnects with Last-Event-ID and gets what it missed, once', async () => {
    const result = await runYaml(sseScenario({ first: alpha(), second: 'beta-1' }), server.url);
    const s = step(result, 'stream');
    expect(s.assertions.filter((a) => !a.passed)).toEqual([]);
    expect(s.status).toBe('passed');
    const frames = s.details?.frames as { connection: number; event: string; data: string; id?: string }[];
    expect(frames.filter((f) => f.connection === 2).map((f) => JSON.parse(f.data).name)).toEqual(['beta-1']);
    expect(s.details?.retry).toBe(1000);
    expect(s.details?.comments).toBeGreaterThanOrEqual(2);
    expect(s.captures.event).toEqual({ name: lastAlpha });
    expect(s.captures.last_event_id).toBe(frames.at(-1)?.id);
    expect(s.assertions.map((a) => a.label)).toContain('no event repeated after reconnecting');
    // The stream, the trigger, the offline trigger and the second stream are all recorded.
    expect(s.exchanges.map((e) => `${e.request.method} ${new URL(e.request.url).pathname}`)).toEqual(['GET /stream', 'POST /items', 'POST /items', 'GET /stream']);
    expect(s.exchanges[3].request.headers['Last-Event-ID']).toBe(frames.filter((f) => f.connection === 1).at(-1)?.id);
  });

  it('fails with the events it did receive when the expected one never comes', async () => {
    const result = await runYaml(sseScenario({ first: alpha(), triggerQuery: '?silent=1', within: 300 }), server.url);
    const s = step(result, 'stream');
    expect(s.status).toBe('failed');
    const [failed] = s.assertions.filter((a) => !a.passed);
    expect(failed.label).toBe(`events matching item.created, $.name "${lastAlpha}" within 300 ms`);
    expect(failed.actual).toBe(0);
    expect(failed.message).toMatch(/events received: (none|item\.created)$/);
    expect(failed.location?.line).toBe(18);
  });

  it('catches a duplicate after reconnecting', async () => {
    const result = await runYaml(sseScenario({ first: alpha(), second: 'beta-2', resumeQuery: '&dup=1' }), server.url);
    const s = step(result, 'stream');
    const dup = s.assertions.find((a) => a.label === 'no event repeated after reconnecting')!;
    expect(dup.passed).toBe(false);
    expect(dup.actual).toHaveLength(1);
    expect(dup.message).toMatch(/^ids sent again after Last-Event-ID \d+: \d+$/);
  });

  it('catches a gap: the event missed while away never arrives', async () => {
    const result = await runYaml(sseScenario({ first: alpha(), second: 'beta-3', resumeQuery: '&gap=1', within: 500 }), server.url);
    const s = step(result, 'stream');
    expect(s.status).toBe('failed');
    expect(s.assertions.filter((a) => !a.passed).map((a) => a.label)).toEqual(['events matching item.created, $.name "beta-3" within 500 ms']);
  });

  it('reports a refused stream by status and content type, without running triggers', async () => {
    const before = server.requests.filter((r) => r.url.startsWith('/items')).length;
    const result = await runYaml(sseScenario({ first: alpha() }).replace('/stream?token=${{ steps.token.token }}', '/stream?token=forged'), server.url);
    const s = step(result, 'stream');
    expect(s.status).toBe('failed');
    expect(s.assertions.map((a) => [a.label, a.actual, a.passed])).toEqual([
      ['stream status', 401, false],
      ['stream content-type', 'application/problem+json', false],
    ]);
    expect(server.requests.filter((r) => r.url.startsWith('/items')).length).toBe(before);
  });
});

let counter = 0;
let lastAlpha = '';
function alpha(): string {
  lastAlpha = `alpha-${++counter}`;
  return lastAlpha;
}
