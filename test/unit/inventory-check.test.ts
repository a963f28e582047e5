import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKinds } from '../../src/checks/index.js';
import { computeCoverage } from '../../src/evidence/coverage.js';
import type { HttpExchange } from '../../src/model.js';
import { sendJson, startServer, type TestServer } from './support/servers.js';
import { runYaml, step } from './support/scenarios.js';

const INVENTORY = {
  version: '1.2.3',
  operations: { total: 3, domains: [{ domain: 'auth', total: 2 }, { domain: 'properties', total: 1 }] },
  tables: { total: 2, tables: [{ name: 'users', rows: 1 }, { name: 'properties', rows: 0 }] },
  components: [{ name: 'event-bus', mode: 'redis' }],
  providers: [{ name: 'mail', kind: 'catcher', mode: 'mock' }, { name: 'database', kind: 'postgres', mode: 'real' }],
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.headers.authorization !== 'Bearer good') return sendJson(res, 401, { status: 401 });
    return sendJson(res, 200, INVENTORY);
  });
});
afterAll(() => server.close());

const scenario = (bearer: string, expect: string) => `name: inventory
area: inventory
severity: major
steps:
  - id: claims
    inventory: { bearer: ${bearer} }
    expect:
${expect}`;

describe('inventory check', () => {
  it('passes true claims, fails false ones, and says why', async () => {
    const yaml = scenario(
      'good',
      '      operations_at_least: 3\n      domains: [auth, leads]\n      tables_at_least: 3\n      tables: [users]\n      providers: { mail: mock, database: mock }\n      components: { event-bus: redis }\n',
    );
    const s = step(await runYaml(yaml, server.url), 'claims');
    expect(s.status).toBe('failed');
    expect(s.assertions.map((a) => [a.label, a.passed])).toEqual([
      ['GET /inventory answers 200 with an inventory', true],
      ['operations', true],
      ['domain auth has operations', true],
      ['domain leads has operations', false],
      ['tables', false],
      ['table users exists', true],
      ['provider mail is mock', true],
      ['provider database is mock', false],
      ['component event-bus runs redis', true],
    ]);
    expect(s.assertions.find((a) => a.label === 'provider database is mock')?.message).toBe('database is postgres (real)');
    expect(s.assertions.find((a) => a.label === 'domain leads has operations')?.location?.line).toBe(9);
    expect(s.captures).toMatchObject({ operations: 3, domains: 2, tables: 2, version: '1.2.3', status: 200 });
  });

  it('fails when the inventory is refused', async () => {
    const s = step(await runYaml(scenario('bad', '      operations_at_least: 1\n'), server.url), 'claims');
    expect(s.status).toBe('failed');
    expect(s.assertions).toHaveLength(1);
    expect(s.assertions[0]).toMatchObject({ passed: false, actual: 401 });
  });

  it('re-evaluates from the recorded answer: a doctored answer changes the outcome', async () => {
    const s = step(await runYaml(scenario('good', '      providers: { mail: mock }\n'), server.url), 'claims');
    const kind = checkKinds.get('inventory')!;
    expect(kind.reevaluate!(s, { logs: [] }).assertions.map((a) => a.passed)).toEqual([true, true]);
    const doctored = structuredClone(s);
    (doctored.exchanges[0].response!.body as typeof INVENTORY).providers[0].mode = 'real';
    expect(kind.reevaluate!(doctored, { logs: [] }).assertions.map((a) => a.passed)).toEqual([true, false]);
  });
});

describe('operation coverage', () => {
  const doc = {
    paths: {
      '/items': { get: {}, post: {} },
      '/items/{id}': { get: {}, delete: {} },
      '/items/new': { get: {} },
    },
  };
  const exchange = (method: string, url: string, status?: number): HttpExchange => ({
    request: { method, url, headers: {} },
    ...(status ? { response: { status, headers: {} } } : { error: 'ECONNREFUSED' }),
    timing: { startedAt: '', durationMs: 0 },
  });

  it('matches concrete paths to templates, ignores queries, counts any status, not failed requests', () => {
    const coverage = computeCoverage(doc, [
      { steps: [{ exchanges: [exchange('GET', 'http://h:1/items?limit=2', 200), exchange('GET', 'http://h:1/items/42', 404)] }] },
      { steps: [{ exchanges: [exchange('GET', 'http://h:1/items/new', 200), exchange('DELETE', 'http://h:1/items/42')] }, { exchanges: [exchange('GET', 'http://mail:8025/api/v2/messages', 200)] }] },
    ]);
    expect(coverage).toEqual({ total: 5, exercised: 3, percent: 60, uncovered: ['POST /items', 'DELETE /items/{id}'] });
  });

  it('is absent without a document', () => {
    expect(computeCoverage(undefined, [])).toBeUndefined();
  });
});
