/**
 * `reos verify` end to end through the built CLI: an unreachable target (exit 3, a NO-GO pack
 * all the same), invalid scenario files (exit 2, every problem, no pack), and a GO run on the
 * embedded stack whose zip is unpacked and checked against its own manifest.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort, killAll, removeTemps, runReos, STACK_FRAME, tempDir } from './helpers.js';

afterEach(killAll);
afterAll(removeTemps);

const OWN_SCENARIO = `name: own-health
area: health
severity: critical
tags: [smoke]
steps:
  - id: ready
    http: { url: /ready }
    expect: { status: 200 }
  - id: spec
    openapi: { url: /docs/openapi.json }
`;

function workspace(files: Record<string, string>): string {
  const cwd = tempDir('reos-verify-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(cwd, name)), { recursive: true });
    fs.writeFileSync(path.join(cwd, name), content);
  }
  return cwd;
}

function packsIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

const sha256 = (data: Uint8Array) => crypto.createHash('sha256').update(data).digest('hex');

describe('reos verify', { timeout: 90_000 }, () => {
  it('exits 3 against a closed port and still writes a NO-GO pack', async () => {
    const cwd = workspace({});
    const port = await freePort();
    const result = await runReos(['verify', '--target', `http://127.0.0.1:${port}`, '--ready-timeout', '1', '--out', 'packs'], { cwd, env: { CI: 'true' } });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/could not be reached: http:\/\/127\.0\.0\.1:\d+ was not ready within 1 s \(ECONNREFUSED\)/);
    expect(result.stdout).toContain('NO-GO');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    const entries = packsIn(path.join(cwd, 'packs'));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(/^runtime_\d{8}_\d{6}$/);
    expect(entries[1]).toBe(`${entries[0]}.zip`);
    const summary = JSON.parse(fs.readFileSync(path.join(cwd, 'packs', entries[0], 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ verdict: 'NO-GO', stackReady: false, confidence: 0 });
    expect(summary.scenarios.length).toBeGreaterThan(0);
    expect(summary.scenarios.every((s: { status: string }) => s.status === 'skipped')).toBe(true);
  });

  it('exits 1 with one clear message when the pack cannot be written, leaving nothing behind', async () => {
    const cwd = workspace({ 'blocker': 'a file where the evidence folder should go' });
    const port = await freePort();
    const result = await runReos(['verify', '--target', `http://127.0.0.1:${port}`, '--ready-timeout', '1', '--out', 'blocker/packs'], { cwd, env: { CI: 'true' } });
    expect(result.code).toBe(1);
    const stderr = result.stderr.replace(/\n ›\s+/g, ' ').replace(/ +/g, ' '); // oclif wraps long error lines
    expect(stderr).toMatch(/Could not write the evidence pack in \S*blocker\/packs: ENOTDIR.* No pack was written\./);
    expect(stderr).toMatch(/is a file, not a folder: choose another folder with --out <dir>/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(fs.readdirSync(cwd)).toEqual(['blocker']);
  });

  it('exits 2 on an invalid scenario file, lists file:line:column, runs nothing and writes no pack', async () => {
    const cwd = workspace({
      'checks/good.yaml': OWN_SCENARIO,
      'checks/bad.yaml': 'name: bad-one\narea: health\nseverity: fatal\nsteps:\n  - id: x\n    http: { url: /ready }\n',
    });
    const result = await runReos(['verify', '--scenarios', 'checks', '--out', 'packs'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/checks\/bad\.yaml:3:\d+: .*severity/);
    expect(result.stderr).toMatch(/nothing was run/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(fs.existsSync(path.join(cwd, 'packs'))).toBe(false);
  });

  it('proves GO on the embedded stack with a small scenario file, and the zip matches its manifest', async () => {
    const cwd = workspace({ 'own/health.yaml': OWN_SCENARIO });
    const result = await runReos(['verify', '--scenarios', 'own/health.yaml'], { cwd, env: { CI: 'true' } });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^PASS {2}health › own-health {2}critical, 2\/2 steps/m);
    expect(result.stdout).toMatch(/^GO {2}confidence 100%$/m);
    expect(result.stdout).toMatch(/^Scenarios: 1 passed, 0 failed, 0 skipped \(of 1\)$/m);
    expect(result.stdout).toMatch(/^Steps: {5}2 passed, 0 failed, 0 skipped \(of 2\)$/m);
    expect(result.stdout).not.toMatch(/\u001b\[/); // NO_COLOR (set by the helpers) is honoured

    const [name, zipName] = packsIn(path.join(cwd, 'evidence'));
    expect(result.stdout).toContain(`Evidence:  ${path.join(cwd, 'evidence', zipName)}`);
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(cwd, 'evidence', zipName)));
    const manifest = JSON.parse(await zip.file(`${name}/manifest.json`)!.async('string'));
    expect(manifest.scenarioFiles).toEqual([{ path: 'own/health.yaml', sha256: sha256(Buffer.from(OWN_SCENARIO)) }]);
    const inZip = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name.slice(name.length + 1)).sort();
    expect(manifest.files.map((f: { path: string }) => f.path).concat('manifest.json').sort()).toEqual(inZip);
    for (const file of manifest.files as Array<{ path: string; sha256: string; size: number }>) {
      const data = await zip.file(`${name}/${file.path}`)!.async('uint8array');
      expect(sha256(data), file.path).toBe(file.sha256);
      expect(data.byteLength).toBe(file.size);
    }
    expect(inZip).toEqual(expect.arrayContaining(['SUMMARY.md', 'summary.json', 'junit.xml', 'openapi.json', 'logs/api.jsonl', 'health/own-health/01-ready.json', 'health/own-health/02-spec.json']));
    const logs = await zip.file(`${name}/logs/api.jsonl`)!.async('string');
    expect(logs).toMatch(/"path":"\/ready"/);
    const summary = JSON.parse(await zip.file(`${name}/summary.json`)!.async('string'));
    expect(summary).toMatchObject({ verdict: 'GO', confidence: 100, stackReady: true, requiredAreas: [], environment: { mode: 'embedded', target: 'embedded' } });
  });

  it('prints the summary as JSON with --json and exits 1 on NO-GO', async () => {
    const failing = OWN_SCENARIO.replace('expect: { status: 200 }', 'expect: { status: 418 }');
    const cwd = workspace({ 'own/health.yaml': failing });
    const result = await runReos(['verify', '--scenarios', 'own/health.yaml', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ verdict: 'NO-GO', exitCode: 1, counts: { scenarios: { total: 1, failed: 1 } } });
    expect(summary.reasons).toContain('critical scenario "own-health" (health) failed');
    expect(summary.scenarios[0].steps[0].failures[0]).toMatchObject({ label: expect.stringContaining('status'), expected: 418, actual: 200 });
    expect(fs.existsSync(summary.pack.zip)).toBe(true);
    const junit = fs.readFileSync(path.join(summary.pack.dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<failure message="[^"]*expected 418, got 200/);
  });

  it('exits 1 on CONDITIONAL GO only with --fail-on conditional', async () => {
    const minor = OWN_SCENARIO.replace('severity: critical', 'severity: minor');
    const cwd = workspace({ 'own/health.yaml': minor });
    const args = ['verify', '--scenarios', 'own/health.yaml', '--require-area', 'auth', '--json'];
    const lenient = await runReos(args, { cwd });
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ verdict: 'CONDITIONAL GO', reasons: ['required area "auth" was not covered'] });
    const strict = await runReos([...args, '--fail-on', 'conditional'], { cwd });
    expect(strict.code).toBe(1);
  });

  it('documents the exit codes in --help', async () => {
    const result = await runReos(['verify', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Exit codes: 0 GO/);
    for (const flag of ['--target', '--scenarios', '--area', '--tag', '--bail', '--concurrency', '--out', '--fail-on', '--ready-timeout', '--json']) expect(result.stdout).toContain(flag);
  });
});

describe('reos scenarios', { timeout: 60_000 }, () => {
  it('validate: counts valid scenarios, and exits 2 with every problem', async () => {
    const cwd = workspace({ 'a.yaml': OWN_SCENARIO, 'b.yaml': 'name: Bad Name\narea: health\nseverity: critical\nsteps:\n  - id: x\n    http: { url: /ready }\n' });
    const ok = await runReos(['scenarios', 'validate', 'a.yaml'], { cwd });
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe('1 scenario valid (1 file).');
    const bad = await runReos(['scenarios', 'validate', 'a.yaml', 'b.yaml'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^b\.yaml:1:7: /m);
    const json = await runReos(['scenarios', 'validate', 'b.yaml', '--json'], { cwd });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, problems: [expect.objectContaining({ file: 'b.yaml', line: 1, column: 7 })] });
  });

  it('list: name, area, severity, steps and file, filtered by --area and --tag', async () => {
    const other = OWN_SCENARIO.replace('own-health', 'own-login').replace('area: health', 'area: auth').replace('tags: [smoke]', 'tags: [slow]');
    const cwd = workspace({ 'own/a.yaml': OWN_SCENARIO, 'own/b.yaml': other });
    const all = await runReos(['scenarios', 'list', '--scenarios', 'own', '--json'], { cwd });
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual([
      { name: 'own-health', area: 'health', severity: 'critical', tags: ['smoke'], steps: 2, file: 'own/a.yaml', line: 1 },
      { name: 'own-login', area: 'auth', severity: 'critical', tags: ['slow'], steps: 2, file: 'own/b.yaml', line: 1 },
    ]);
    const table = await runReos(['scenarios', 'list', '--scenarios', 'own', '--area', 'auth'], { cwd });
    expect(table.stdout).toMatch(/^NAME\s+AREA\s+SEVERITY\s+STEPS\s+TAGS\s+FILE$/m);
    expect(table.stdout).toMatch(/^own-login\s+auth\s+critical\s+2\s+slow\s+own\/b\.yaml:1$/m);
    expect(table.stdout).not.toContain('own-health');
    const tagged = await runReos(['scenarios', 'list', '--scenarios', 'own', '--tag', 'smoke', '--json'], { cwd });
    expect(JSON.parse(tagged.stdout).map((r: { name: string }) => r.name)).toEqual(['own-health']);
  });
});
