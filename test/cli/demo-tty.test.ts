/**
 * The interactive `reos demo` in a real pseudo-terminal (tmux): the presenter runs a step
 * (next), runs it again (retry), meets a live failure on a route that does not exist and shows
 * the RECORDED exchange a fixture pack holds for it, shows the curl, skips the last step, and
 * finishes; the pack records the live failure, the fallback and the skip. tmux runs on its own
 * socket (a file in a temp folder) with a unique session name, killed in afterAll; the stack listens on port 0.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { FAILING_SHOW, RECORDED_AT, writeFixturePack } from './demo/fixtures.js';
import { freePort, killAll, removeTemps, root, spawnReos, tempDir, waitReady } from './helpers.js';

const socket = `reos-demo-test-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
const session = socket;
let hasTmux = true;
try {
  execFileSync('tmux', ['-V']);
} catch {
  hasTmux = false;
}

// A socket file of our own (removed with the temp folders), so no tmux state outlives the test.
const socketPath = path.join(tempDir('reos-tmux-'), socket);
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socketPath, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-3000', '-t', session);
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Polls the pane until `predicate` holds; the bound only stops a hung test. */
async function waitFor(predicate: (text: string) => boolean, what: string, timeoutMs = 120_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (predicate(text)) return text;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the screen shows:\n${text.split('\n').filter(Boolean).slice(-30).join('\n')}`);
    await sleep(250);
  }
}

/** The pack this run wrote (not the fixture). */
const demoPack = (cwd: string) => fs.readdirSync(path.join(cwd, 'packs')).find((n) => /^runtime_/.test(n) && !n.endsWith('.zip') && n !== 'runtime_20200102_030405')!;

function startDemo(cwd: string, args: string): void {
  const env = `env -i PATH=${quote(process.env.PATH ?? '')} HOME=${quote(process.env.HOME ?? cwd)} TERM=xterm-256color NO_COLOR=1 REOS_CACHE_DIR=${quote(tempDir('reos-cache-'))}`;
  const command = `cd ${quote(cwd)} && ${env} ${quote(process.execPath)} ${quote(path.join(root, 'bin', 'run.js'))} demo ${args}; echo DEMO-EXIT=$?; sleep 600`;
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // no earlier session
  }
  tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', command);
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

async function press(...keys: string[]): Promise<void> {
  tmux('send-keys', '-t', session, ...keys);
}

afterAll(async () => {
  await killAll();
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  removeTemps();
});

describe.skipIf(!hasTmux && process.env.CI !== 'true')('reos demo in a terminal (tmux)', { timeout: 240_000 }, () => {
  it('next, retry, a failed step shown from its recording, curl, skip, finish', async () => {
    const cwd = tempDir('reos-demo-tty-');
    fs.writeFileSync(path.join(cwd, 'show.yaml'), FAILING_SHOW);
    writeFixturePack(path.join(cwd, 'packs'));
    startDemo(cwd, '--port 0 --show show.yaml --out packs');

    await waitFor((t) => t.includes('next: run "Liveness"'), 'the first prompt');
    // The clock runs while the prompt waits: it is redrawn with the section's elapsed time.
    await waitFor((t) => /\? The only section \[0:(0[2-9]|[1-5]\d) \/ 2:00\] - what next\?/.test(t), 'the clock to move');
    await press('Enter');
    await waitFor((t) => count(t, 'LIVE OK') === 1 && t.includes('retry "Liveness"'), 'the first step live');
    await press('r', 'Enter');
    await waitFor((t) => count(t, 'LIVE OK') === 2 && count(t, '> step 1/3 Liveness') === 2, 'the retried step');
    await press('Enter');
    const failed = await waitFor((t) => t.includes('show the RECORDED exchange'), 'the failed step and its recording offered');
    expect(failed).toMatch(/LIVE STEP FAILED \(\d+ ms\): expected status 200, got 404/);
    expect(failed).toContain(`A recorded exchange of this step is available (pack runtime_20200102_030405, ${RECORDED_AT})`);
    expect(failed).not.toContain('from-the-fixture-pack');
    await press('f', 'Enter');
    const recorded = await waitFor((t) => t.includes('from-the-fixture-pack'), 'the recorded exchange');
    expect(recorded).toContain(`RECORDED ${RECORDED_AT}`);
    expect(recorded).toContain('not live: pack runtime_20200102_030405');
    await press('c', 'Enter');
    await waitFor((t) => /curl -sS http:\/\/127\.0\.0\.1:\d+\/not-built-yet/.test(t), 'the curl');
    await press('o', 'Enter');
    await waitFor((t) => /No browser can be opened \(no graphical display here \(DISPLAY is not set\)\): open http:\/\/127\.0\.0\.1:\d+\/docs yourself\./.test(t), 'the browser notice');
    await press('s', 'Enter');
    await waitFor((t) => t.includes('SKIPPED by the presenter'), 'the skipped step');
    await press('Enter');
    const end = await waitFor((t) => t.includes('DEMO-EXIT='), 'the end of the show');
    expect(end).toContain('DEMO-EXIT=1');
    expect(end).toMatch(/end of section 1 \[\d+:\d\d \/ 2:00/);

    const pack = path.join(cwd, 'packs', demoPack(cwd), 'demo', 'tty-show');
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(pack, file), 'utf8')).step;
    expect(read('01-alive.json').status).toBe('passed');
    expect(read('02-dead.json')).toMatchObject({ status: 'failed', details: { fallback: { shown: 'RECORDED', pack: 'runtime_20200102_030405' } } });
    expect(read('03-ready.json')).toMatchObject({ status: 'skipped', reason: 'skipped by the presenter' });
  });

  it('the stack stopped mid-show: the next step fails live and its recording is shown', async () => {
    const cwd = tempDir('reos-demo-tty-stop-');
    fs.writeFileSync(path.join(cwd, 'show.yaml'), FAILING_SHOW);
    writeFixturePack(path.join(cwd, 'packs'));
    const port = await freePort();
    const stack = spawnReos(['up', '--ephemeral', '--port', String(port)], { cwd });
    await waitReady(`http://127.0.0.1:${port}`, stack);
    startDemo(cwd, `--target http://127.0.0.1:${port} --show show.yaml --out packs`);
    await waitFor((t) => t.includes('next: run "Liveness"'), 'the first prompt');
    await press('Enter');
    await waitFor((t) => t.includes('LIVE OK'), 'the first step live');
    stack.child.kill('SIGTERM');
    await stack.exited;
    await press('Enter');
    const failed = await waitFor((t) => t.includes('show the RECORDED exchange'), 'the failed step');
    expect(failed).toMatch(/LIVE STEP FAILED \(\d+ ms\): connection refused to http:\/\/127\.0\.0\.1:\d+\/not-built-yet/);
    await press('f', 'Enter');
    await waitFor((t) => t.includes('from-the-fixture-pack') && t.includes(`RECORDED ${RECORDED_AT}`), 'the recorded exchange');
    await press('Enter');
    await waitFor((t) => t.includes('No recorded exchange for this step in packs: none is available'), 'the last step failing without a recording');
    await press('Enter');
    const end = await waitFor((t) => t.includes('DEMO-EXIT='), 'the end of the show');
    expect(end).toContain('DEMO-EXIT=1');
  });
});
