import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKinds } from '../../src/checks/index.js';
import { formatProblem, loadScenarios, shippedScenariosDir } from '../../src/scenarios/index.js';
import { loadYaml, tempDir } from './support/scenarios.js';

/** Every registered kind, in registry order (http, burst, ... mail): new kinds need no edit here. */
const KNOWN_KINDS = [...checkKinds.keys()].join(', ');

const VALID = `# yaml-language-server: $schema=./schema/scenario.schema.json
name: auth-login
area: auth
severity: critical
tags: [auth]
steps:
  - id: login
    name: Log in
    http: { method: POST, url: /auth/login, json: { email: "\${{ run.email }}", password: "x" } }
    expect:
      status: 200
      jsonpath: { "$.token_type": { eq: Bearer } }
    capture:
      token: { jsonpath: "$.access_token" }
  - id: me
    http: { url: /auth/me, bearer: "\${{ steps.login.token }}" }
`;

describe('loadScenarios: valid files', () => {
  it('builds definitions with kind, spec, defaults and positions', async () => {
    const { scenarios, problems } = await loadYaml({ 'auth-login.yaml': VALID });
    expect(problems).toEqual([]);
    expect(scenarios).toHaveLength(1);
    const [s] = scenarios;
    expect(s).toMatchObject({ name: 'auth-login', area: 'auth', severity: 'critical', tags: ['auth'], requires: [], file: 'auth-login.yaml' });
    expect(s.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.location).toEqual({ file: 'auth-login.yaml', line: 2, column: 1 });
    expect(s.steps.map((x) => [x.id, x.kind, x.name])).toEqual([
      ['login', 'http', 'Log in'],
      ['me', 'http', undefined],
    ]);
    expect(s.steps[0].spec).toEqual({
      http: { method: 'POST', url: '/auth/login', json: { email: '${{ run.email }}', password: 'x' } },
      expect: { status: 200, jsonpath: { '$.token_type': { eq: 'Bearer' } } },
      capture: { token: { jsonpath: '$.access_token' } },
    });
    expect(s.steps[0].location).toMatchObject({ line: 7, column: 5 });
    expect(s.steps[0].locations?.['/expect/status']).toEqual({ file: 'auth-login.yaml', line: 11, column: 15 });
    expect(s.steps[0].locations?.['/expect/jsonpath/$.token_type/eq']).toMatchObject({ line: 12, column: 41 });
  });

  it('expands folders (leaving out demo/ and pending/ below them) and globs', async () => {
    const dir = await tempDir();
    const write = async (file: string, name: string) => {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), VALID.replace('name: auth-login', `name: ${name}`));
    };
    await write('a.yaml', 'a');
    await write('nested/b.yml', 'b');
    await write('pending/c.yaml', 'c');
    await write('demo/d.yaml', 'd');
    await write('notes.txt', 'x');
    const names = async (patterns: string[]) => (await loadScenarios(patterns, { cwd: dir })).scenarios.map((s) => s.name).sort();
    expect(await names(['.'])).toEqual(['a', 'b']);
    expect(await names(['pending'])).toEqual(['c']);
    expect(await names(['**/*.yaml'])).toEqual(['a', 'c', 'd']);
    expect(await names(['{a,demo/d}.yaml'])).toEqual(['a', 'd']);
    const none = await loadScenarios(['missing/*.yaml'], { cwd: dir });
    expect(none.problems.map(formatProblem)).toEqual(['missing/*.yaml: no scenario file matches this pattern, expected a .yaml file, a folder of them or a glob such as scenarios/auth-*.yaml']);
  });

  it('leaves the security pack out of the shipped default run; naming its folder runs it, with no name clashes', async () => {
    const shipped = await loadScenarios([], { cwd: process.cwd() });
    expect(shipped.problems).toEqual([]);
    expect(shipped.scenarios.filter((s) => s.file.includes(`${path.sep}security${path.sep}`))).toEqual([]);
    const pack = await loadScenarios([path.join(shippedScenariosDir(), 'security')], { cwd: process.cwd() });
    expect(pack.problems).toEqual([]);
    expect(pack.scenarios.map((s) => s.name)).toContain('api1-bola');
    expect(pack.scenarios).toHaveLength(13);
    const both = await loadScenarios([shippedScenariosDir(), path.join(shippedScenariosDir(), 'security')], { cwd: process.cwd() });
    expect(both.problems).toEqual([]);
    expect(both.scenarios).toHaveLength(shipped.scenarios.length + 13);
  });

  it('accepts env references with a default and reports an unreadable default at its position', async () => {
    const ok = await loadYaml({ 'p.yaml': VALID.replace('url: /auth/me', `url: "\${{ env.ME_PATH || '/auth/me' }}"`) });
    expect(ok.problems).toEqual([]);
    const bad = await loadYaml({ 'p.yaml': VALID.replace('url: /auth/me', 'url: "\${{ steps.login.token || nope }}"') });
    expect(bad.problems.map(formatProblem)).toEqual([expect.stringMatching(/^p\.yaml:\d+:\d+: only an environment reference can have a default/)]);
  });

  it('loads a required scenario left out of the patterns from the same folder', async () => {
    const { dir } = await loadYaml({
      'base.yaml': VALID.replace('name: auth-login', 'name: base'),
      'other.yaml': VALID.replace('name: auth-login', 'name: other'),
      'child.yaml': `name: child\narea: flows\nseverity: minor\nrequires: [base]\nsteps:\n  - id: use\n    http: { url: "/x/\${{ scenarios.base.login.token }}" }\n`,
    });
    const { scenarios, problems } = await loadScenarios(['child.yaml'], { cwd: dir });
    expect(problems).toEqual([]);
    expect(scenarios.map((s) => s.name)).toEqual(['child', 'base']);
  });
});

describe('loadScenarios: problems with exact positions', () => {
  async function messages(text: string): Promise<string[]> {
    return (await loadYaml({ 'bad.yaml': text })).messages;
  }

  it('reports schema violations at the offending node', async () => {
    const text = [
      'name: Bad Name', //                                   1
      'area: health',
      'severity: blocker', //                                 3
      'colour: red', //                                       4
      'steps:',
      '  - id: one',
      '    http: { url: /x, methd: GET, json: {}, raw: "" }', // 7
      '    expect:',
      '      status: [200, "abc"]', //                        9
      '      jsonpath: { "$.a": { equals: 1 } }', //          10
      '      maxMs: fast', //                                  11
      '    capture: { "bad name": { jsonpath: "$.x" } }', //  12
      '',
    ].join('\n');
    expect(await messages(text)).toEqual([
      'bad.yaml:1:7: name is "Bad Name", expected unique scenario name in kebab-case, e.g. auth-login (the file is usually <name>.yaml)',
      'bad.yaml:3:11: severity is "blocker", expected one of: critical, major, minor',
      'bad.yaml:4:1: unknown property "colour" in the scenario, expected one of: $schema, name, area, severity, description, tags, requires, isolated, steps',
      'bad.yaml:7:11: steps[0].http combines properties that exclude each other, expected at most one body: json, form, raw or multipart',
      'bad.yaml:7:22: unknown property "methd" in steps[0].http, expected one of: method, url, query, headers, bearer, json, form, raw, multipart, replica, sign',
      'bad.yaml:9:21: steps[0].expect.status[1] is "abc", expected a status code (201) or class ("4xx")',
      'bad.yaml:10:28: unknown property "equals" in steps[0].expect.jsonpath["$.a"], expected one of: eq, ne, gt, lt, gte, lte, contains, matches, exists, type, length',
      'bad.yaml:11:14: steps[0].expect.maxMs is string "fast", expected number (response time ceiling in milliseconds)',
      'bad.yaml:12:16: "bad name" is not a valid key in steps[0].capture, expected a name of letters, digits and _',
    ]);
  });

  it('reports a file or a step of the wrong shape once', async () => {
    expect(await messages('- a\n- b\n')).toEqual(['bad.yaml:1:1: the file holds a list, expected a mapping with name, area, severity and steps']);
    expect(await messages('name: x\narea: a\nseverity: minor\nsteps:\n  - just text\n')).toEqual([
      `bad.yaml:5:5: steps[0] is string "just text", expected mapping (a step: id, optional name and timeoutMs, and exactly one kind: ${KNOWN_KINDS})`,
    ]);
    expect(await messages('name: x\narea: a\nseverity: minor\nsteps: []\n')).toEqual(['bad.yaml:4:8: steps is [], expected at least 1 item']);
  });

  it('reports a missing required property at the object that lacks it', async () => {
    const text = 'name: x\narea: health\nsteps:\n  - id: one\n    http: { method: GET }\n';
    expect(await messages(text)).toEqual([
      'bad.yaml:1:1: the scenario is missing "severity", expected a property "severity" (how much a failure weighs in the verdict)',
      'bad.yaml:5:11: steps[0].http is missing "url", expected a property "url" (path relative to the target base URL (/auth/login) or an absolute URL)',
    ]);
  });

  it('names the known kinds for an unknown or missing kind, and refuses two kinds', async () => {
    const text = [
      'name: x',
      'area: health',
      'severity: minor',
      'steps:',
      '  - id: a',
      '    grpc: { url: /x }', //                           6
      '  - id: b', //                                       7
      '    name: nothing to do',
      '  - id: c',
      '    http: { url: /x }',
      '    burst: { count: 2, request: { url: /x } }', //  11
      '',
    ].join('\n');
    const known = KNOWN_KINDS;
    expect(await messages(text)).toEqual([
      `bad.yaml:6:5: unknown step kind "grpc" in step "a", expected one of the known kinds: ${known}`,
      `bad.yaml:7:5: step "b" has no kind, expected one of: ${known}`,
      `bad.yaml:11:5: step "c" has more than one kind (http, burst), expected exactly one of: ${known}`,
    ]);
  });

  it('reports broken YAML with the parser position, and nothing else', async () => {
    const text = 'name: x\narea: health\nseverity: minor\nsteps:\n  - id: a\n    http: { url: /x\n  - id: b\n';
    const found = await messages(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^bad\.yaml:\d+:\d+: YAML syntax error: .+, expected valid YAML$/);
    const dup = await messages('name: x\nname: y\n');
    expect(dup).toEqual(['bad.yaml:2:1: YAML syntax error: Map keys must be unique, expected valid YAML']);
  });

  it('rejects unknown references before anything runs, pointing at the ${{', async () => {
    const text = [
      'name: refs',
      'area: flows',
      'severity: major',
      'steps:',
      '  - id: first',
      '    http: { url: "/a/${{ steps.second.id }}" }', //                  6
      '    capture: { id: { jsonpath: "$.id" } }',
      '  - id: second',
      '    http:',
      '      url: "/b/${{ steps.nope.id }}"', //                           10
      '      bearer: "${{ steps.first.tokn }}"', //                         11
      '      headers: { X-A: "${{ run.emial }}", X-B: "${{ secrets.x }}", X-C: "${{ env.HOME }}" }', // 12
      '  - id: second',
      '    http: { url: "/c/${{ scenarios.other.login.token }}" }', //       14
      '',
    ].join('\n');
    expect(await messages(text)).toEqual([
      `bad.yaml:6:22: \${{ steps.second.id }} reads step "second", which runs after this one, expected no step reference (this is the first step)`,
      `bad.yaml:10:16: \${{ steps.nope.id }} reads step "nope", which does not exist in this scenario, expected an earlier step's id: first`,
      `bad.yaml:11:16: step "first" has no capture "tokn", expected one of its captures: status, request_id, id`,
      'bad.yaml:12:24: unknown run variable run.emial, expected one of run.id, run.scenario, run.unique, run.email, run.uuid, run.timestamp, run.epoch, run.base_url, run.mail_url',
      `bad.yaml:12:49: unknown reference root "secrets" in \${{ secrets.x }}, expected steps., scenarios., env., run. or targets[<i>]`,
      'bad.yaml:13:9: step id "second" is already used by step 2 (line 8), expected an id unique in the scenario',
      `bad.yaml:14:22: \${{ scenarios.other.login.token }} reads scenario "other", which this scenario does not require, expected "other" listed in requires`,
    ]);
  });

  it('refuses a reference in a mapping key, where it would never be resolved', async () => {
    const text = 'name: k\narea: a\nseverity: minor\nsteps:\n  - id: a\n    http: { url: /x }\n    expect:\n      jsonpath:\n        "$.items[?(@.id == \'${{ run.id }}\')]": { length: 1 }\n';
    expect(await messages(text)).toEqual([`bad.yaml:9:9: a reference in the key "$.items[?(@.id == '\${{ run.id }}')]" is never resolved, expected references in values only`]);
  });

  it('checks requires across files: unknown names, cycles, duplicate names', async () => {
    const one = 'name: one\narea: a\nseverity: minor\nrequires: [two, mail, ghost]\nsteps:\n  - id: s\n    http: { url: /x }\n';
    const two = 'name: two\narea: a\nseverity: minor\nrequires: [one]\nsteps:\n  - id: s\n    http: { url: /x }\n';
    const again = 'name: one\narea: a\nseverity: minor\nsteps:\n  - id: s\n    http: { url: /x }\n';
    const { messages: found } = await loadYaml({ 'one.yaml': one, 'two.yaml': two, 'z.yaml': again });
    expect(found).toEqual([
      'one.yaml:4:12: requires form a cycle: one -> two -> one, expected requirements that end somewhere',
      'one.yaml:4:23: requires "ghost", which is neither a loaded scenario nor a known capability, expected a scenario name among the loaded files (add its file), or one of: mail, storage, logs, redis, replicas',
      'two.yaml:4:12: requires form a cycle: two -> one -> two, expected requirements that end somewhere',
      'z.yaml:1:7: scenario name "one" is already used by one.yaml:1, expected a name unique across the loaded scenarios',
    ]);
  });

  it('formats a problem as file:line:column: what, expected what', () => {
    expect(formatProblem({ file: 'a.yaml', line: 3, column: 9, message: 'x is wrong', expected: 'y' })).toBe('a.yaml:3:9: x is wrong, expected y');
    expect(formatProblem({ file: 'a.yaml', line: 0, column: 0, message: 'cannot read the file' })).toBe('a.yaml: cannot read the file');
  });
});

describe('shipped scenarios', () => {
  it('load without problems by default', async () => {
    const { scenarios, problems } = await loadScenarios([]);
    expect(problems.map(formatProblem)).toEqual([]);
    const names = scenarios.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['health-endpoints', 'health-openapi', 'auth-register-login', 'flows-properties', 'flows-leads-deals', 'hardening-errors', 'hardening-tenant-isolation', 'hardening-structured-logs', 'hardening-rate-limit', 'hardening-idempotency', 'hardening-sse']),
    );
    for (const s of scenarios) {
      const base = path.basename(s.file);
      expect(base, s.name).toBe(`${s.name}.yaml`);
      expect(base.startsWith(`${s.area}-`), s.name).toBe(true);
    }
  });

  it('hardening scenarios express the runbook checks (section 2.6)', async () => {
    const { scenarios, problems } = await loadScenarios([path.join(shippedScenariosDir(), 'hardening-*.yaml')]);
    expect(problems.map(formatProblem)).toEqual([]);
    const byName = new Map(scenarios.map((s) => [s.name, s]));
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['hardening-idempotency', 'hardening-rate-limit', 'hardening-sse']));
    const burst = byName.get('hardening-rate-limit')!.steps[0];
    expect(burst.kind).toBe('burst');
    expect(burst.spec).toMatchObject({ burst: { count: 25 }, expect: { some: 429, headers: { '429': { 'Retry-After': expect.anything() } } } });
    expect(byName.get('hardening-idempotency')!.steps.map((s) => s.kind)).toContain('idempotency');
    expect(byName.get('hardening-sse')!.steps.find((s) => s.kind === 'sse')?.spec).toMatchObject({ sse: { within: 2000 } });
  });

  it('each registers its own run-unique user', async () => {
    const { scenarios } = await loadScenarios([]);
    for (const s of scenarios) {
      const register = s.steps.find((x) => (x.spec.http as { url?: string } | undefined)?.url === '/auth/register');
      if (register) expect(JSON.stringify(register.spec), s.name).toMatch(/\$\{\{ run\.(email|unique) \}\}/);
    }
  });
});
