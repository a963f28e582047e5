import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios } from '../../src/runner/index.js';
import { sendJson, startServer, type TestServer } from './support/servers.js';
import { runYaml, step, validScenarios } from './support/scenarios.js';

let server: TestServer;
/** Requests held until `release` (for overlap and timeout tests). */
let inFlight = 0;
let maxInFlight = 0;
const waiters = new Set<() => void>();

beforeAll(async () => {
  server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') return sendJson(res, 200, { token: `t-${url.searchParams.get('who') ?? 'x'}` });
    if (url.pathname === '/fail') return sendJson(res, 400, { error: 'no' });
    if (url.pathname === '/hang') return; // never answers
    if (url.pathname === '/pair') {
      // Answers once two requests are in flight together (or after 3 s, alone).
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      for (const wake of waiters) wake();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3_000);
        const wake = () => inFlight >= 2 && (clearTimeout(timer), resolve());
        waiters.add(wake);
        wake();
      });
      sendJson(res, 200, { ok: true });
      setImmediate(() => (inFlight -= 1));
      return;
    }
    sendJson(res, 200, { path: url.pathname, headers: req.headers });
  });
});

afterAll(() => server.close());

const header = (name: string, extra = '') => `name: ${name}\narea: flows\nseverity: major\n${extra}steps:\n`;

describe('runner', () => {
  it('skips steps that read a failed step, runs the others, and fails the scenario', async () => {
    const result = await runYaml(
      `${header('deps')}  - id: login
    http: { url: /fail }
    expect: { status: 200 }
    capture: { token: { jsonpath: "$.token" } }
  - id: me
    http: { url: /me, bearer: "\${{ steps.login.token }}" }
  - id: again
    http: { url: "/again/\${{ steps.me.status }}" }
  - id: health
    http: { url: /healthz }
`,
      server.url,
    );
    expect(result.status).toBe('failed');
    expect(result.steps.map((s) => [s.id, s.status, s.reason])).toEqual([
      ['login', 'failed', undefined],
      ['me', 'skipped', 'depends on step login which failed'],
      ['again', 'skipped', 'depends on step me which was skipped'],
      ['health', 'passed', undefined],
    ]);
    expect(server.requests.some((r) => r.url === '/me')).toBe(false);
  });

  it('runs a required scenario first and lets the dependant read its captures', async () => {
    const scenarios = await validScenarios({
      'b.yaml': `${header('consumer', 'requires: [provider]\n')}  - id: use\n    http: { url: "/use/\${{ scenarios.provider.get.token }}" }\n`,
      'a.yaml': `${header('provider')}  - id: get\n    http: { url: /token, query: { who: provider } }\n    capture: { token: { jsonpath: "$.token" } }\n`,
    });
    expect(scenarios.map((s) => s.name)).toEqual(['provider', 'consumer']);
    const order: string[] = [];
    const { scenarios: results } = await runScenarios(scenarios.reverse(), { baseUrls: [server.url], runId: 'r1', concurrency: 4 }, { scenarioStart: (s) => order.push(s.name) });
    expect(order).toEqual(['provider', 'consumer']);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['consumer', 'passed'],
      ['provider', 'passed'],
    ]);
    expect(results[0].steps[0].exchanges[0].request.url).toBe(`${server.url}/use/t-provider`);
  });

  it('skips steps reading a required scenario whose step failed', async () => {
    const scenarios = await validScenarios({
      'a.yaml': `${header('provider')}  - id: get\n    http: { url: /fail }\n    capture: { token: { jsonpath: "$.token" } }\n`,
      'b.yaml': `${header('consumer', 'requires: [provider]\n')}  - id: use\n    http: { url: "/use/\${{ scenarios.provider.get.token }}" }\n`,
    });
    const { scenarios: results } = await runScenarios(scenarios, { baseUrls: [server.url], runId: 'r2' });
    expect(results[1].steps[0]).toMatchObject({ status: 'skipped', reason: 'depends on step get of scenario provider which failed' });
    expect(results[1].status).toBe('skipped');
  });

  it('runs independent scenarios side by side up to the concurrency', async () => {
    const files = {
      'a.yaml': `${header('pair-a')}  - id: p\n    http: { url: /pair }\n`,
      'b.yaml': `${header('pair-b')}  - id: p\n    http: { url: /pair }\n`,
    };
    maxInFlight = 0;
    const together = await runScenarios(await validScenarios(files), { baseUrls: [server.url], runId: 'c2', concurrency: 2 });
    expect(together.scenarios.map((s) => s.status)).toEqual(['passed', 'passed']);
    expect(maxInFlight).toBe(2);
  });

  it('runs one scenario at a time with concurrency 1', async () => {
    const scenarios = await validScenarios({
      'a.yaml': `${header('one-a')}  - id: s\n    http: { url: /x }\n`,
      'b.yaml': `${header('one-b')}  - id: s\n    http: { url: /y }\n`,
    });
    const events: string[] = [];
    await runScenarios(scenarios, { baseUrls: [server.url], runId: 'c1', concurrency: 1 }, {
      scenarioStart: (s) => events.push(`start ${s.name}`),
      stepStart: (s, st) => events.push(`step ${s.name}.${st.id}`),
      stepEnd: (s, r) => events.push(`end ${s.name}.${r.id} ${r.status}`),
      scenarioEnd: (r) => events.push(`done ${r.name} ${r.status}`),
    });
    expect(events).toEqual(['start one-a', 'step one-a.s', 'end one-a.s passed', 'done one-a passed', 'start one-b', 'step one-b.s', 'end one-b.s passed', 'done one-b passed']);
  });

  it('runs an isolated scenario alone, after every other one', async () => {
    const scenarios = await validScenarios({
      'a.yaml': `${header('burst-alone', 'isolated: true\n')}  - id: s\n    http: { url: /x }\n`,
      'b.yaml': `${header('normal-b')}  - id: s\n    http: { url: /x }\n`,
      'c.yaml': `${header('normal-c')}  - id: s\n    http: { url: /x }\n`,
    });
    expect(scenarios[0].isolated).toBe(true);
    const events: string[] = [];
    await runScenarios(scenarios, { baseUrls: [server.url], runId: 'iso', concurrency: 4 }, {
      scenarioStart: (s) => events.push(`start ${s.name}`),
      scenarioEnd: (r) => events.push(`end ${r.name}`),
    });
    expect(events.slice(-2)).toEqual(['start burst-alone', 'end burst-alone']);
    expect(events.slice(0, 4).filter((e) => e.startsWith('end'))).toHaveLength(2);
  });

  it('with bail, records the scenarios not yet started as skipped', async () => {
    const scenarios = await validScenarios({
      'a.yaml': `${header('bail-a')}  - id: s\n    http: { url: /fail }\n    expect: { status: 200 }\n`,
      'b.yaml': `${header('bail-b')}  - id: s\n    http: { url: /x }\n`,
    });
    const { scenarios: results } = await runScenarios(scenarios, { baseUrls: [server.url], runId: 'b', concurrency: 1, bail: true });
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['bail-a', 'failed'],
      ['bail-b', 'skipped'],
    ]);
    expect(results[1].reason).toBe('not run: --bail after scenario bail-a failed');
    expect(results[1].steps[0]).toMatchObject({ status: 'skipped', reason: 'not run: --bail after scenario bail-a failed' });
  });

  it('turns a hung request into an error after the step timeout, and the run goes on', async () => {
    const result = await runYaml(
      `${header('slow')}  - id: hang\n    http: { url: /hang }\n  - id: hang-own\n    timeoutMs: 100\n    http: { url: /hang }\n  - id: after\n    http: { url: /x }\n`,
      server.url,
      { stepTimeoutMs: 300 },
    );
    expect(result.steps.map((s) => [s.id, s.status, s.reason])).toEqual([
      ['hang', 'error', 'step timed out after 300 ms'],
      ['hang-own', 'error', 'step timed out after 100 ms'],
      ['after', 'passed', undefined],
    ]);
  });

  it('makes a missing environment variable a step error naming it', async () => {
    const yaml = `${header('envs')}  - id: e\n    http: { url: "/x/\${{ env.REOS_UNIT_TARGET }}" }\n`;
    const missing = await runYaml(yaml, server.url, { env: {} });
    expect(step(missing, 'e')).toMatchObject({ status: 'error', reason: 'environment variable REOS_UNIT_TARGET is not set (the step reads ${{ env.REOS_UNIT_TARGET }})' });
    const present = await runYaml(yaml, server.url, { env: { REOS_UNIT_TARGET: 'abc' } });
    expect(step(present, 'e').exchanges[0].request.url).toBe(`${server.url}/x/abc`);
  });

  it('gives each scenario its own run variables', async () => {
    const scenarios = await validScenarios({
      'a.yaml': `${header('vars-a')}  - id: s\n    http: { url: "/v/\${{ run.email }}/\${{ run.id }}/\${{ run.scenario }}" }\n`,
      'b.yaml': `${header('vars-b')}  - id: s\n    http: { url: "/v/\${{ run.email }}/\${{ run.id }}/\${{ run.scenario }}" }\n`,
    });
    const { scenarios: results } = await runScenarios(scenarios, { baseUrls: [server.url], runId: 'Run 7' });
    const paths = results.map((r) => new URL(r.steps[0].exchanges[0].request.url).pathname.split('/'));
    expect(paths[0][3]).toBe('Run%207');
    expect(paths.map((p) => p[4])).toEqual(['vars-a', 'vars-b']);
    expect(paths[0][2]).toMatch(/^reos-run-7-[0-9a-f]{8}@example\.com$/);
    expect(paths[0][2]).not.toBe(paths[1][2]);
  });

  it('skips scenarios whose capability the target lacks, and everything once aborted', async () => {
    const scenarios = await validScenarios({
      'a.yaml': `${header('needs-mail', 'requires: [mail]\n')}  - id: s\n    http: { url: /x }\n`,
      'b.yaml': `${header('needs-logs', 'requires: [logs]\n')}  - id: s\n    http: { url: /x }\n`,
    });
    const { scenarios: results } = await runScenarios(scenarios, { baseUrls: [server.url], runId: 'cap', capabilities: [] });
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['skipped', 'requires a mail catcher (MailHog API), and none is known for this target (pass --mail-url)'],
      ['skipped', 'requires the API logs, which this target does not expose (remote target)'],
    ]);
    const controller = new AbortController();
    controller.abort();
    const aborted = await runScenarios(scenarios, { baseUrls: [server.url], runId: 'ab', signal: controller.signal, logs: () => [] });
    expect(aborted.scenarios.map((r) => [r.status, r.reason])).toEqual([
      ['skipped', 'the run was aborted'],
      ['skipped', 'the run was aborted'],
    ]);
  });

  it('survives a listener that throws', async () => {
    const scenarios = await validScenarios({ 'a.yaml': `${header('loud')}  - id: s\n    http: { url: /x }\n` });
    const { scenarios: results } = await runScenarios(scenarios, { baseUrls: [server.url], runId: 'l' }, {
      stepEnd: () => {
        throw new Error('reporter bug');
      },
    });
    expect(results[0].status).toBe('passed');
  });
});
