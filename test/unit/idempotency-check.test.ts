import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startServer, type TestServer } from './support/servers.js';
import { runYaml, step } from './support/scenarios.js';

/**
 * A property API with Idempotency-Key support: the first response per key is stored and
 * replayed with `Idempotent-Replayed: true`; a duplicate in flight is 409. `?broken=1` ignores
 * the key (every POST creates), the failure the check must catch.
 */
let server: TestServer;
const items = new Map<string, { id: string; address: string }[]>();
const stored = new Map<string, { status: number; text: string } | 'in-flight'>();
const conflicts = new Map<string, number>();

beforeAll(async () => {
  server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const tenant = url.searchParams.get('tenant') ?? 't';
    const list = items.get(tenant) ?? [];
    items.set(tenant, list);
    if (req.method === 'GET') return sendJson(res, 200, { items: list, total: list.length });
    const key = req.headers['idempotency-key'] as string | undefined;
    const useKey = key && url.searchParams.get('broken') !== '1';
    const slot = `${tenant}:${key}`;
    if (useKey) {
      const previous = stored.get(slot);
      if (previous === 'in-flight') {
        conflicts.set(slot, (conflicts.get(slot) ?? 0) + 1);
        return sendJson(res, 409, { status: 409 });
      }
      if (previous) {
        res.writeHead(previous.status, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });
        return res.end(previous.text);
      }
      stored.set(slot, 'in-flight');
    }
    // `?hold=n` keeps the first request in flight until n duplicates were refused (2 s at most).
    const hold = Number(url.searchParams.get('hold') ?? 0);
    for (let waited = 0; (conflicts.get(slot) ?? 0) < hold && waited < 2_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    const created = { id: crypto.randomUUID(), address: (JSON.parse(req.body) as { address: string }).address };
    list.push(created);
    const text = JSON.stringify(created);
    if (useKey) stored.set(slot, { status: 201, text });
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(text);
  });
});

afterAll(() => server.close());

const scenario = (query: string, mode: string, times = 2) => `name: idem
area: hardening
severity: critical
steps:
  - id: twice
    idempotency:
      times: ${times}
      mode: ${mode}
      request: { method: POST, url: "/props?${query}", json: { address: 456 Idempotent Ave } }
    expect:
      status: 201
      created:
        request: { url: "/props?${query}" }
        jsonpath: "$.items[?(@.address == '456 Idempotent Ave')]"
        count: 1
    capture:
      id: { jsonpath: "$.id" }
`;

describe('idempotency check', () => {
  it('passes when replays repeat the first response with Idempotent-Replayed and one resource exists', async () => {
    const result = await runYaml(scenario('tenant=ok', 'sequential'), server.url);
    const s = step(result, 'twice');
    expect(s.status).toBe('passed');
    const key = s.captures.key as string;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.requests.filter((r) => r.url === '/props?tenant=ok' && r.method === 'POST').map((r) => r.headers['idempotency-key'])).toEqual([key, key]);
    expect(s.captures.id).toBe(items.get('ok')![0].id);
    expect(s.exchanges).toHaveLength(3);
    expect(s.assertions.map((a) => a.label)).toEqual([
      'status',
      'response 2 repeats the first (status and body)',
      'first response has no Idempotent-Replayed: true',
      'response 2 header Idempotent-Replayed',
      'count of resources at $.items[?(@.address == \'456 Idempotent Ave\')]',
    ]);
  });

  it('fails a server that ignores the key: bodies differ, no replay header, two resources', async () => {
    const result = await runYaml(scenario('tenant=broken&broken=1', 'sequential'), server.url);
    const s = step(result, 'twice');
    expect(s.status).toBe('failed');
    const failed = s.assertions.filter((a) => !a.passed);
    expect(failed.map((a) => [a.label, a.actual])).toEqual([
      ['response 2 repeats the first (status and body)', { status: 201, body: s.exchanges[1].response!.body }],
      ['response 2 header Idempotent-Replayed', undefined],
      ["count of resources at $.items[?(@.address == '456 Idempotent Ave')]", 2],
    ]);
    expect(failed[0].message).toBe('response 2 differs from the first: status 201 vs 201, body differs');
    expect(failed[2].location?.line).toBe(15);
  });

  it('in concurrent mode accepts in-flight 409s and still requires exactly one execution', async () => {
    const result = await runYaml(scenario('tenant=race&hold=2', 'concurrent', 3), server.url);
    const s = step(result, 'twice');
    expect(s.status).toBe('passed');
    expect((s.details?.statuses as number[]).filter((x) => x === 409)).toHaveLength(2);
    expect(s.details?.conflicts).toBe(2);
    expect(items.get('race')).toHaveLength(1);
  });

  it('uses the key it is given', async () => {
    const result = await runYaml(scenario('tenant=given', 'sequential').replace('      times: 2\n', '      times: 2\n      key: my-key-1\n'), server.url);
    expect(step(result, 'twice').captures.key).toBe('my-key-1');
    expect(server.requests.filter((r) => r.url === '/props?tenant=given' && r.method === 'POST').every((r) => r.headers['idempotency-key'] === 'my-key-1')).toBe(true);
  });
});
