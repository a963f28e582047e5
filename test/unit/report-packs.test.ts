/**
 * show, diff, junit.xml and the GitHub annotations over real packs: two runs of the real runner
 * on the embedded stack (one GO, one with a failing step), written by the real pack writer and
 * read back with readPack from the zip and from the folder.
 */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPack, type ReadPack } from '../../src/evidence/read.js';
import { diffPacks } from '../../src/report/diff/index.js';
import { openApiEndpoints } from '../../src/report/diff/openapi.js';
import { failureAnnotations } from '../../src/report/github/index.js';
import { describePack, formatShow } from '../../src/report/show/index.js';
import { junitSchemaProblems, skipSchemaTests } from '../support/junit-schema.js';
import { healthScenario, makeRealPack, OPENAPI_SCENARIO, type RealPack } from '../support/packs.js';

let good: RealPack;
let bad: RealPack;
let a: ReadPack;
let b: ReadPack;

beforeAll(async () => {
  good = await makeRealPack({ 'health.yaml': healthScenario(), 'docs.yaml': OPENAPI_SCENARIO });
  bad = await makeRealPack({ 'health.yaml': healthScenario({ failing: true }), 'docs.yaml': OPENAPI_SCENARIO });
  [a, b] = [await readPack(good.pack.zip), await readPack(bad.pack.dir)];
}, 240_000);

/** `healthScenario`'s `ready` step starts on this line of health.yaml. */
const READY_LINE = 10;

describe('describePack (reos evidence show)', () => {
  it('gives the verdict, the areas, the failed assertion with its line, and the slowest steps', () => {
    expect(good.summary.verdict).toBe('GO');
    const view = describePack(b, { top: 2 });
    expect(view).toMatchObject({ verdict: 'NO-GO', confidence: bad.summary.confidence, pack: { name: bad.pack.name } });
    expect(view.areas).toEqual(expect.arrayContaining([{ area: 'health', scenarios: 1, passed: 0, failed: 1, skipped: 0 }, { area: 'flows', scenarios: 1, passed: 1, failed: 0, skipped: 0 }]));
    expect(view.failures).toEqual([
      expect.objectContaining({ area: 'health', scenario: 'health-basics', step: 'ready', file: 'health.yaml', line: READY_LINE, assertions: [expect.objectContaining({ label: expect.stringContaining('status'), expected: 418, actual: 200 })] }),
    ]);
    expect(view.slowest).toHaveLength(2);
    expect(view.slowest[0].durationMs).toBeGreaterThanOrEqual(view.slowest[1].durationMs);
    const text = formatShow(view);
    expect(text).toContain('NO-GO');
    expect(text).toContain(`health.yaml:${READY_LINE}`);
    expect(text).toMatch(/status eq: expected 418, got 200/);
  });

  it('refuses a summary edited into another shape with one clear error', () => {
    const broken = { ...b, summary: { ...b.summary, scenarios: [{ name: 'x', area: 'y' }] } } as unknown as ReadPack;
    expect(() => describePack(broken)).toThrow(/does not have the shape reos verify writes/);
    expect(() => diffPacks(a, broken)).toThrow(/does not have the shape/);
  });

  it('reads the same from the zip and from the folder', async () => {
    const fromDir = describePack(await readPack(good.pack.dir));
    const fromZip = describePack(a);
    expect({ ...fromZip, pack: undefined }).toEqual({ ...fromDir, pack: undefined });
    expect(fromZip.failures).toEqual([]);
  });
});

describe('diffPacks (reos evidence diff)', () => {
  it('GO -> NO-GO is a regression naming the scenario; the reverse is a fix', () => {
    const worse = diffPacks(a, b);
    expect(worse.verdict).toEqual({ before: 'GO', after: 'NO-GO', change: 'worse' });
    expect(worse.scenarios).toEqual([{ area: 'health', scenario: 'health-basics', before: 'passed', after: 'failed', change: 'regressed' }]);
    expect(worse.regression).toBe(true);
    expect(worse.endpoints).toEqual({ compared: true, added: [], removed: [] });

    const better = diffPacks(b, a);
    expect(better.verdict.change).toBe('better');
    expect(better.scenarios[0].change).toBe('fixed');
    expect(better.regression).toBe(false);
    expect(diffPacks(a, a).regression).toBe(false);
  });

  it('reports latency changes only beyond both thresholds', () => {
    // B is A with one step 5 s slower, so the real runs' own timing noise plays no part.
    const slowed = structuredClone(a.summary);
    const ready = slowed.scenarios.find((s) => s.name === 'health-basics')!.steps.find((s) => s.id === 'ready')!;
    const before = ready.durationMs;
    ready.durationMs = before + 5_000;
    const later = { ...a, summary: slowed };
    expect(diffPacks(a, later).latency).toEqual([expect.objectContaining({ scenario: 'health-basics', step: 'ready', beforeMs: before, afterMs: before + 5_000, deltaMs: 5_000, direction: 'slower' })]);
    expect(diffPacks(later, a).latency).toEqual([expect.objectContaining({ step: 'ready', deltaMs: -5_000, direction: 'faster' })]);
    expect(diffPacks(a, later, { percent: 50, ms: 10_000 }).latency).toEqual([]);
    expect(diffPacks(a, later, { percent: 1e9, ms: 0 }).latency).toEqual([]);
    expect(diffPacks(a, a, { percent: 0, ms: 0 }).latency).toEqual([]);
  });

  it('names endpoints added to or removed from the recorded OpenAPI documents', () => {
    const document = JSON.parse(a.files.get('openapi.json')!.toString('utf8'));
    const endpoints = openApiEndpoints(document)!;
    expect(endpoints).toEqual(expect.arrayContaining(['GET /healthz', 'POST /auth/login', 'GET /properties/{}']));
    const changed = structuredClone(document);
    delete changed.paths['/auth/login'];
    changed.paths['/reports/{reportId}'] = { get: { responses: {} } };
    const files = new Map(b.files);
    files.set('openapi.json', Buffer.from(JSON.stringify(changed)));
    const diff = diffPacks(a, { ...b, files });
    expect(diff.endpoints).toEqual({ compared: true, added: ['GET /reports/{}'], removed: ['POST /auth/login'] });

    const without = new Map(b.files);
    without.delete('openapi.json');
    expect(diffPacks(a, { ...b, files: without }).endpoints).toMatchObject({ compared: false, note: expect.stringContaining(b.name) });
  });
});

describe('CI reports of a real pack', () => {
  it.skipIf(skipSchemaTests('junit.xml schema test'))('junit.xml is valid against the JUnit schema and names the failed assertion', () => {
    const xml = b.files.get('junit.xml')!.toString('utf8');
    expect(junitSchemaProblems(xml)).toEqual([]);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toMatch(/<failure message="status eq: expected 418, got 200/);
  });

  it('annotates the failed step at its scenario file and line', async () => {
    const annotations = await failureAnnotations(bad.summary, bad.pack.dir);
    expect(annotations).toEqual([expect.objectContaining({ file: 'health.yaml', line: READY_LINE, message: expect.stringContaining('expected 418, got 200') })]);
  });

  it('report.html is listed, with its hash, in the manifest', () => {
    const entry = b.manifest.files.find((f) => f.path === 'report.html');
    const bytes = b.files.get('report.html')!;
    expect(entry).toEqual({ path: 'report.html', size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
    for (const other of b.manifest.files.filter((f) => f.path !== 'report.html')) expect(bytes.toString('utf8')).toContain(other.sha256);
  });
});
