/**
 * The engine end to end against the real embedded stack (ephemeral PGlite, a free port, log
 * lines captured): shipped scenarios, the 404 problem contract and the openapi check.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../stack/config.js';
import { startStack, type RunningStack } from '../../stack/server.js';
import { formatProblem, loadScenarios, shippedScenariosDir } from '../../src/scenarios/index.js';
import { runScenarios } from '../../src/runner/index.js';
import { runYaml, step } from './support/scenarios.js';

let stack: RunningStack;
const lines: string[] = [];

beforeAll(async () => {
  const config = { ...loadStackConfig({ LOG_LEVEL: 'info', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0' }, 'test'), host: '127.0.0.1', port: 0, ephemeral: true };
  stack = await startStack({ config, logDestination: { write: (line: string) => void lines.push(line) } });
});

afterAll(() => stack?.close());

describe('against the embedded stack', () => {
  it('passes the shipped health and structured-logs scenarios', async () => {
    const files = ['health-endpoints.yaml', 'hardening-structured-logs.yaml'].map((f) => path.join(shippedScenariosDir(), f));
    const { scenarios, problems } = await loadScenarios(files);
    expect(problems.map(formatProblem)).toEqual([]);
    const { scenarios: results } = await runScenarios(scenarios, { baseUrls: [stack.url], runId: 'e2e', logs: () => lines });
    const failures = results.flatMap((r) => r.steps.filter((s) => s.status !== 'passed').map((s) => `${r.name}.${s.id}: ${s.reason ?? s.assertions.filter((a) => !a.passed).map((a) => a.message).join('; ')}`));
    expect(failures).toEqual([]);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['hardening-structured-logs', 'passed'],
      ['health-endpoints', 'passed'],
    ]);
    // The structured-logs scenario is skipped, not passed, when the target exposes no logs.
    const remote = await runScenarios(scenarios, { baseUrls: [stack.url], runId: 'e2e-remote' });
    expect(remote.scenarios.map((r) => [r.name, r.status])).toEqual([
      ['hardening-structured-logs', 'skipped'],
      ['health-endpoints', 'passed'],
    ]);
  });

  it('records a failing assertion with actual, expected and line against the real API', async () => {
    const result = await runYaml(
      `name: e2e-errors
area: hardening
severity: major
steps:
  - id: unknown-route
    http: { url: /no-such-route }
    expect:
      status: 404
      headers: { Content-Type: { contains: application/problem+json } }
      jsonpath:
        "$.status": 404
        "$.request_id": { type: string }
  - id: wrong-expectation
    http: { url: /healthz }
    expect:
      jsonpath:
        "$.status": fail
`,
      stack.url,
    );
    expect(step(result, 'unknown-route').status).toBe('passed');
    const notFound = step(result, 'unknown-route');
    expect(notFound.captures.request_id).toBe((notFound.exchanges[0].response?.body as { request_id: string }).request_id);
    const failed = step(result, 'wrong-expectation').assertions.find((a) => !a.passed);
    expect(failed).toMatchObject({ label: '$.status', op: 'eq', expected: 'fail', actual: 'pass', location: { file: 'scenario.yaml', line: 17, column: 21 } });
    expect(result.status).toBe('failed');
  });

  it('checks the stack’s OpenAPI document and validates the responses recorded before it', async () => {
    const result = await runYaml(
      `name: e2e-openapi
area: health
severity: major
steps:
  - id: ready
    http: { url: /ready }
  - id: spec
    openapi: { url: /docs/openapi.json }
    expect: { operations: { gte: 5 } }
`,
      stack.url,
    );
    const s = step(result, 'spec');
    expect(s.assertions.filter((a) => !a.passed).map((a) => `${a.label}: ${a.message}`)).toEqual([]);
    expect(s.captures.version).toMatch(/^3\.1\./);
    expect(s.assertions.map((a) => a.label)).toEqual(expect.arrayContaining(['GET /healthz answers without a 5xx', 'GET /ready 200 responses match the spec']));
  });
});
