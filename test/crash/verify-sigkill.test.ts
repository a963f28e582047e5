/**
 * `reos verify` killed with SIGKILL at random moments, most of them while it writes the pack:
 * the evidence folder is watched and the kill lands at a random point of the pack writing (from
 * the run's temporary folder appearing to its zip's final name, as timed on the normal runs);
 * the rest land at a random point of a whole run. After every
 * kill, whatever carries a final pack name must be complete (checked file by file against its
 * manifest.json); after the next normal run, the killed runs' temporaries are gone, every pack
 * is a complete folder-and-zip pair, and the verdict is GO (exit 0).
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../stack/config.js';
import { startStack, type RunningStack } from '../../stack/server.js';
import { killAll, removeTemps, spawnReos, STACK_FRAME, tempDir } from '../cli/helpers.js';
import { FINAL_PACK, inspectEvidence } from './pack-integrity.js';

const KILLS = 20;
/** A normal run after every this many kills: "the next run works", checked along the way. */
const NORMAL_EVERY = 10;

type Phase = 'before-pack' | 'writing-files' | 'zipping' | 'writing-zip' | 'between-renames' | 'after-pack';

afterEach(killAll);

describe('reos verify killed with SIGKILL', { timeout: 240_000 }, () => {
  let stack: RunningStack;
  let cwd: string;
  let out: string;
  let args: string[];

  beforeAll(async () => {
    // Rate limits off: two dozen runs register users from one address within a minute.
    const env = { LOG_LEVEL: 'silent', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', RATE_LIMIT_ENABLED: 'false' };
    stack = await startStack({ config: { ...loadStackConfig(env, 'test'), ephemeral: true, port: 0, host: '127.0.0.1' } });
    cwd = tempDir('reos-crash-verify-');
    out = `${cwd}/evidence`;
    fs.mkdirSync(out);
    // The areas a GO requires, so each run is short and its verdict means something.
    args = ['verify', '--target', stack.url, '--area', 'health', '--area', 'auth', '--area', 'flows', '--out', out, '--json'];
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    removeTemps();
  });

  /** How long the last normal run took, and its pack writing (temporary folder to final zip). */
  const timing = { runMs: 0, packMs: 0 };

  async function normalRun(): Promise<void> {
    const began = performance.now();
    let packStarted = 0;
    const run = spawnReos(args, { cwd });
    const watcher = fs.watch(out, (_event, name) => {
      if (!packStarted && name?.endsWith(`_tmp-${run.child.pid}`)) packStarted = performance.now();
      if (packStarted && name?.endsWith('.zip') && FINAL_PACK.test(name.slice(0, -4))) timing.packMs = performance.now() - packStarted;
    });
    const result = await run.exited;
    watcher.close();
    timing.runMs = performance.now() - began;
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).verdict).toBe('GO');
    const state = await inspectEvidence(out);
    expect(state.broken).toEqual([]);
    // Every pack is whole: a folder and its zip, and nothing a dead run left behind.
    expect(state.dirs.sort()).toEqual(state.zips.sort());
    expect(state.temps).toEqual([]);
  }

  /** One run, killed either just after its pack starts to appear or at a random moment. */
  async function killedRun(aimAtPack: boolean): Promise<Phase> {
    const before = new Set(fs.readdirSync(out));
    const run = spawnReos(args, { cwd });
    const pid = run.child.pid!;
    const kill = () => run.child.kill('SIGKILL');
    let watcher: fs.FSWatcher | undefined;
    if (aimAtPack) {
      watcher = fs.watch(out, (_event, name) => {
        if (name?.startsWith('.') && name.endsWith(`_tmp-${pid}`)) {
          watcher?.close();
          setTimeout(kill, Math.random() * timing.packMs);
        }
      });
    } else setTimeout(kill, Math.random() * timing.runMs);
    const result = await run.exited;
    watcher?.close();
    expect(result.stderr).not.toMatch(STACK_FRAME);

    const now = fs.readdirSync(out);
    const fresh = now.filter((name) => !before.has(name) && !name.startsWith('.'));
    const mine = now.filter((name) => name.endsWith(`-${pid}`));
    const state = await inspectEvidence(out);
    // The property under test: nothing under a final name is ever incomplete.
    expect(state.broken, `after a kill (${result.signal ?? result.code})`).toEqual([]);
    if (result.signal !== 'SIGKILL') return 'after-pack';
    if (fresh.some((n) => n.endsWith('.zip'))) return 'after-pack';
    if (fresh.length > 0) return 'between-renames';
    if (mine.some((n) => n.includes('.zip.tmp-'))) return 'writing-zip';
    // manifest.json is the last file of the folder; the zip is built in memory after it.
    const tmpDir = mine.find((n) => n.endsWith(`_tmp-${pid}`));
    if (tmpDir) return fs.existsSync(`${out}/${tmpDir}/manifest.json`) ? 'zipping' : 'writing-files';
    return 'before-pack';
  }

  it(`leaves no incomplete pack under a final name across ${KILLS} kills, and the next run is GO`, async () => {
    await normalRun();
    const phases: Record<Phase, number> = { 'before-pack': 0, 'writing-files': 0, zipping: 0, 'writing-zip': 0, 'between-renames': 0, 'after-pack': 0 };
    for (let i = 1; i <= KILLS; i++) {
      // Two kills in three aim at the pack; the third lands anywhere in a run.
      phases[await killedRun(i % 3 !== 0)]++;
      if (i % NORMAL_EVERY === 0) await normalRun();
    }
    console.info(`[verify-sigkill] ${KILLS} kills by phase: ${JSON.stringify(phases)} (last normal run ${Math.round(timing.runMs)} ms, its pack writing ${Math.round(timing.packMs)} ms)`);
    // The aimed kills must have reached the pack writing at least once, or the test proved nothing.
    expect(phases['writing-files'] + phases.zipping + phases['writing-zip'] + phases['between-renames']).toBeGreaterThan(0);
  });
});
