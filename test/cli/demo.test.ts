/**
 * `reos demo` through the built CLI, without a terminal: --auto in a plain pipe exits 0 on a
 * show that works and writes a demo pack; a live failure exits 1, says so, and shows the
 * recorded exchange from a fixture pack (or says none is available); a bad show file is exit 2
 * with file:line:column; an unreachable target is exit 3; --export writes every section, line
 * and step of the shipped show. The embedded stack always starts on port 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadShow, shippedShowFile } from '../../src/demo/show/load.js';
import { placeholders } from '../../src/demo/export.js';
import { FAILING_SHOW, RECORDED_AT, WORKING_SHOW, writeFixturePack } from './demo/fixtures.js';
import { freePort, killAll, removeTemps, runReos, STACK_FRAME, tempDir } from './helpers.js';

afterEach(killAll);
afterAll(removeTemps);

function workspace(files: Record<string, string>): string {
  const cwd = tempDir('reos-demo-');
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(cwd, name), content);
  return cwd;
}

const AUTO = ['demo', '--auto', '--pace', '0', '--port', '0'];

describe('reos demo --auto', { timeout: 120_000 }, () => {
  it('runs a working show in a pipe, exits 0, prints no ANSI and writes a demo pack', async () => {
    const cwd = workspace({ 'show.yaml': WORKING_SHOW });
    const result = await runReos([...AUTO, '--show', 'show.yaml', '--out', 'packs'], { cwd, env: { NO_COLOR: '' } });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).not.toMatch(/\u001b\[/);
    expect(result.stdout).toContain('Pre-show checklist (reos doctor)');
    expect(result.stdout).toContain('SAY  "The platform is alive."');
    expect(result.stdout).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/healthz\nHTTP 200 in [\d.]+ ms/);
    const operations = /Operations\s+(\d+)/.exec(result.stdout)?.[1];
    expect(Number(operations)).toBeGreaterThan(10);
    expect(result.stdout).toContain('SAY  "Liveness answered 200."');
    expect(result.stdout).toContain('This run: 2 passed live, 0 failed, 0 shown from a recording, 0 skipped (of 2 steps)');
    const packs = fs.readdirSync(path.join(cwd, 'packs')).filter((n) => !n.endsWith('.zip'));
    expect(packs).toHaveLength(1);
    expect(fs.readdirSync(path.join(cwd, 'packs', packs[0], 'demo', 'tiny-show')).sort()).toEqual(['01-alive.json', '02-spec.json']);
  });

  it('exits 1 when a live step fails, and shows the RECORDED exchange of the newest pack holding it', async () => {
    const cwd = workspace({ 'show.yaml': FAILING_SHOW });
    writeFixturePack(path.join(cwd, 'packs'));
    const result = await runReos([...AUTO, '--show', 'show.yaml', '--out', 'packs', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/LIVE STEP FAILED \(\d+ ms\): expected status 200, got 404/);
    expect(result.stderr).toContain(`RECORDED ${RECORDED_AT}`);
    expect(result.stderr).toContain('from-the-fixture-pack');
    const summary = JSON.parse(result.stdout);
    expect(summary.exitCode).toBe(1);
    expect(summary.sections[0].steps).toEqual([
      { id: 'alive', status: 'passed' },
      expect.objectContaining({ id: 'dead', status: 'failed', recorded: 'runtime_20200102_030405' }),
      { id: 'ready', status: 'passed' },
    ]);
    expect(summary.tally).toMatchObject({ passed: 2, failed: 1, recorded: 1 });
    const transcript = JSON.parse(fs.readFileSync(path.join(summary.pack.dir, 'demo', 'tty-show', '02-dead.json'), 'utf8'));
    expect(transcript.step.status).toBe('failed');
    expect(transcript.step.details.fallback).toMatchObject({ shown: 'RECORDED', pack: 'runtime_20200102_030405', recorded_at: RECORDED_AT });
  });

  it('says so when no recording is available', async () => {
    const cwd = workspace({ 'show.yaml': FAILING_SHOW });
    const result = await runReos([...AUTO, '--show', 'show.yaml', '--out', 'packs'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('No recorded exchange for this step in packs: none is available to show');
    expect(result.stdout).not.toContain('RECORDED 2');
  });

  it('runs the shipped ten-section show; every section whose routes exist passes live', async () => {
    const cwd = tempDir('reos-demo-full-');
    const mailPort = await freePort();
    const result = await runReos([...AUTO, '--json', '--mail-url', `http://127.0.0.1:${mailPort}`], { cwd });
    const summary = JSON.parse(result.stdout);
    expect(summary.sections.map((s: { id: string }) => s.id)).toEqual(['introduction', 'health', 'authentication', 'properties', 'leads', 'deals', 'campaign', 'analytics', 'realtime', 'wrap-up']);
    // Campaigns, the mail catcher and analytics come from other branches (issues 5 and 7): until
    // they are merged those steps fail live; every other step must pass, and the exit code says
    // whether all did.
    const pending = new Set(['campaign', 'analytics']);
    const steps = (ids: (id: string) => boolean) => summary.sections.filter((s: { id: string }) => ids(s.id)).flatMap((s: { steps: unknown[] }) => s.steps);
    for (const step of steps((id) => !pending.has(id))) expect(step, JSON.stringify(step)).toMatchObject({ status: 'passed' });
    const allPassed = steps(() => true).every((s: { status: string }) => s.status === 'passed');
    expect(result.code).toBe(allPassed ? 0 : 1);
    expect(summary.exitCode).toBe(result.code);
    expect(result.stderr).toMatch(/Documented operations\s+\d+/);
    expect(result.stderr).toMatch(/This run: \d+ passed live/);
  });

  it('refuses an invalid show file with file:line:column and exit 2, before starting anything', async () => {
    const broken = WORKING_SHOW.replace('duration: 30s', 'duration: soon').replace('"${{ steps.spec.operations }}" }', '"${{ steps.nope.operations }}" }');
    const cwd = workspace({ 'show.yaml': broken });
    const result = await runReos([...AUTO, '--show', 'show.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/show\.yaml:6:15: sections\[0\]\.duration is "soon", expected planned duration such as 2m, 90s or 1m30s/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(fs.existsSync(path.join(cwd, 'evidence'))).toBe(false);
  });

  it('reports a figure that reads a step that does not exist', async () => {
    const cwd = workspace({ 'show.yaml': WORKING_SHOW.replace('value: "${{ steps.spec.operations }}"', 'value: "${{ steps.nope.operations }}"') });
    const result = await runReos([...AUTO, '--show', 'show.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/show\.yaml:\d+:\d+: \$\{\{ steps\.nope\.operations \}\} reads step "nope", which does not exist/);
  });

  it('exits 3 when the target cannot be reached, and still records the run', async () => {
    const cwd = workspace({ 'show.yaml': WORKING_SHOW });
    const port = await freePort();
    const result = await runReos(['demo', '--auto', '--pace', '0', '--show', 'show.yaml', '--target', `http://127.0.0.1:${port}`, '--ready-timeout', '1'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/The target could not be reached: http:\/\/127\.0\.0\.1:\d+ was not ready within 1 s/);
    expect(fs.readdirSync(path.join(cwd, 'evidence')).some((n) => n.startsWith('runtime_'))).toBe(true);
  });

  it('refuses the interactive mode without a terminal', async () => {
    const result = await runReos(['demo', '--show', 'show.yaml'], { cwd: workspace({ 'show.yaml': WORKING_SHOW }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
    expect(result.stderr.replace(/\s*›\s*/g, ' ')).toContain('reos demo --auto');
  });
});

describe('reos demo --export', { timeout: 60_000 }, () => {
  it('writes every section, script line, talking point and step of the shipped show, running nothing', async () => {
    const cwd = tempDir('reos-demo-export-');
    const result = await runReos(['demo', '--export', 'DEMO_RUN_OF_SHOW.md'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const text = fs.readFileSync(path.join(cwd, 'DEMO_RUN_OF_SHOW.md'), 'utf8');
    const { show } = await loadShow(shippedShowFile());
    expect(show!.sections).toHaveLength(10);
    show!.sections.forEach((section, i) => {
      expect(text).toContain(`### ${i + 1}. ${section.title} (${section.duration})`);
      expect(text).toContain(`**Say:** "${placeholders(section.script)}"`);
      for (const point of section.talkingPoints) expect(text).toContain(`- ${point}`);
      for (const step of section.steps) expect(text).toContain(`(\`${step.id}\`)`);
      if (section.fallback) expect(text).toContain(section.fallback);
    });
    for (const t of show!.troubleshooting) expect(text).toContain(t.problem);
    expect(text).toContain(`curl -sS -X POST http://localhost:8000/campaigns`);
    expect(text).toContain(`--data-raw '{"name":"New Listing Alert","subject":"New 3BR Home in SF","recipients":["jane@example.com"],"template_id":"new_listing"}'`);
    // The mail step, as the MailHog search a presenter can run by hand.
    expect(text).toMatch(/curl -sS '?http:\/\/localhost:8025\/api\/v2\/search\?kind=to&query=jane(@|%40)example\.com'?/);
    expect(text).toContain('Expected: a message to jane@example.com with subject "New 3BR Home in SF" within 15 s.');
    expect(text).toContain("-H 'Authorization: Bearer <steps.login.token>'");
    expect(fs.existsSync(path.join(cwd, 'evidence'))).toBe(false);
  });
});
