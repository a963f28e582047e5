/**
 * The report side of the CLI, end to end through the built `bin/run.js`: `reos verify` under
 * GitHub Actions (annotations at the failed step's file and line, the Markdown summary appended
 * to GITHUB_STEP_SUMMARY), then `reos evidence show` and `reos evidence diff` on the two packs
 * those runs wrote (zip and folder), their exit codes, --json, and a missing pack.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { healthScenario } from '../support/packs.js';
import { killAll, removeTemps, runReos, STACK_FRAME, tempDir, type RunResult } from './helpers.js';

afterEach(killAll);
afterAll(removeTemps);

const NOT_GITHUB = { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' };
let cwd: string;
let good: { zip: string; dir: string };
let bad: { zip: string; dir: string };
let badRun: RunResult;
let stepSummary: string;

const newPack = (before: string[]) => {
  const name = fs.readdirSync(path.join(cwd, 'packs')).find((f) => f.endsWith('.zip') && !before.includes(f))!;
  return { zip: path.join(cwd, 'packs', name), dir: path.join(cwd, 'packs', name.replace(/\.zip$/, '')) };
};

beforeAll(async () => {
  cwd = tempDir('reos-report-');
  for (const [dir, failing] of [['good', false], ['bad', true]] as const) {
    fs.mkdirSync(path.join(cwd, dir));
    fs.writeFileSync(path.join(cwd, dir, 'health.yaml'), healthScenario({ failing }));
  }
  stepSummary = path.join(cwd, 'github-step-summary.md');
  fs.writeFileSync(stepSummary, '## earlier step\n');
  const first = await runReos(['verify', '--scenarios', 'good/health.yaml', '--out', 'packs', '--json'], { cwd, env: NOT_GITHUB });
  expect(first.code, first.stderr).toBe(0);
  good = JSON.parse(first.stdout).pack;
  const before = fs.readdirSync(path.join(cwd, 'packs'));
  badRun = await runReos(['verify', '--scenarios', 'bad/health.yaml', '--out', 'packs'], { cwd, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary } });
  bad = newPack(before);
}, 300_000);

describe('reos verify under GitHub Actions', () => {
  it('prints an ::error annotation at the failed step and appends the summary', () => {
    expect(badRun.code, badRun.stderr).toBe(1);
    const annotations = badRun.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=bad\/health\.yaml,line=10,title=reos%3A health-basics › ready failed::status eq: expected 418, got 200/);
    const summary = fs.readFileSync(stepSummary, 'utf8');
    expect(summary.startsWith('## earlier step\n')).toBe(true);
    expect(summary).toContain('NO-GO');
  });
});

describe('reos evidence show', { timeout: 60_000 }, () => {
  it('prints the verdict, the failure with file:line and expected vs actual, and the slowest steps', async () => {
    const result = await runReos(['evidence', 'show', bad.zip], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Verdict\s+NO-GO/);
    expect(result.stdout).toContain('bad/health.yaml:10');
    expect(result.stdout).toContain('status eq: expected 418, got 200');
    expect(result.stdout).toContain('Slowest steps');
  });

  it('--json from the folder', async () => {
    const result = await runReos(['evidence', 'show', bad.dir, '--json', '--top', '1'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const view = JSON.parse(result.stdout);
    expect(view).toMatchObject({ verdict: 'NO-GO', failures: [{ step: 'ready', line: 10, assertions: [{ expected: 418, actual: 200 }] }] });
    expect(view.slowest).toHaveLength(1);
  });

  it('a missing pack exits 3 with a hint and no stack trace', async () => {
    const result = await runReos(['evidence', 'show', 'nope.zip'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('No evidence pack at nope.zip');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('reos evidence diff', { timeout: 60_000 }, () => {
  it('exits 1 when B regressed, naming the verdict change and the scenario', async () => {
    const result = await runReos(['evidence', 'diff', good.zip, bad.zip], { cwd });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('GO -> NO-GO (worse)');
    expect(result.stdout).toMatch(/regressed\s+health \/ health-basics: passed -> failed/);
  });

  it('exits 0 when B fixed A, and for the same pack as zip and folder (--json)', async () => {
    const fixed = await runReos(['evidence', 'diff', bad.dir, good.zip, '--json'], { cwd });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ verdict: { change: 'better' }, scenarios: [{ change: 'fixed' }], regression: false, endpoints: { compared: true } });
    const same = await runReos(['evidence', 'diff', good.zip, good.dir, '--threshold', '0', '--threshold-ms', '0'], { cwd });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('No regression.');
  });

  it('documents itself', async () => {
    const help = await runReos(['evidence', 'diff', '--help'], { cwd });
    for (const text of ['--threshold', '--threshold-ms', '--json', 'EXAMPLES']) expect(help.stdout).toContain(text);
  });
});
