/**
 * The checker the kill test relies on must be able to fail: a pack built with the product's own
 * manifest and zip code passes, and each way a crash could damage one (a truncated file, a
 * missing file, a stray file, no manifest, a truncated zip) is reported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildManifest, describeFile, MANIFEST_FILE } from '../../src/evidence/manifest.js';
import { zipPack } from '../../src/evidence/zip.js';
import { checkPackDir, checkPackZip, inspectEvidence } from './pack-integrity.js';

const NAME = 'runtime_20250101_120000';
let root: string;
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A small pack (folder and zip) written the way writer.ts lays it out. */
async function writePack(): Promise<{ dir: string; zip: string }> {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-pack-check-'));
  const files = [
    { path: 'summary.json', data: Buffer.from('{"verdict":"GO"}\n') },
    { path: 'transcripts/health/01-ready.json', data: Buffer.from('{"status":200}\n'.repeat(50)) },
  ];
  const manifest = buildManifest({
    reosVersion: '0.0.0',
    createdAt: '2025-01-01T12:00:00.000Z',
    runId: 'run-1',
    gitCommit: null,
    environment: {} as never,
    scenarioFiles: [],
    files: files.map((f) => describeFile(f.path, f.data)),
  });
  const all = [...files, { path: MANIFEST_FILE, data: Buffer.from(JSON.stringify(manifest)) }];
  const dir = path.join(root, NAME);
  for (const f of all) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.data);
  }
  const zip = path.join(root, `${NAME}.zip`);
  fs.writeFileSync(zip, await zipPack(NAME, all, new Date('2025-01-01T12:00:00Z')));
  return { dir, zip };
}

describe('pack integrity checks', () => {
  it('pass a complete pack, folder and zip', async () => {
    const { dir, zip } = await writePack();
    expect(await checkPackDir(dir)).toEqual([]);
    expect(await checkPackZip(zip)).toEqual([]);
    expect(await inspectEvidence(root)).toEqual({ dirs: [NAME], zips: [NAME], temps: [], broken: [] });
  });

  it('report a truncated, a missing and a stray file in the folder', async () => {
    const { dir } = await writePack();
    fs.truncateSync(path.join(dir, 'summary.json'), 3);
    fs.rmSync(path.join(dir, 'transcripts/health/01-ready.json'));
    fs.writeFileSync(path.join(dir, 'extra.txt'), 'x');
    const problems = await checkPackDir(dir);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/summary\.json: size or SHA-256/);
    expect(problems.join('\n')).toMatch(/01-ready\.json: listed in the manifest but missing/);
    expect(problems.join('\n')).toMatch(/extra\.txt: not in the manifest/);
  });

  it('report a folder without its manifest, and a half-written manifest', async () => {
    const { dir } = await writePack();
    const manifest = path.join(dir, MANIFEST_FILE);
    fs.writeFileSync(manifest, fs.readFileSync(manifest).subarray(0, 20));
    expect((await checkPackDir(dir))[0]).toMatch(/manifest\.json is not JSON/);
    fs.rmSync(manifest);
    expect(await checkPackDir(dir)).toEqual(['manifest.json is missing']);
  });

  it('report a truncated zip, and name it when inspecting the evidence folder', async () => {
    const { zip } = await writePack();
    fs.truncateSync(zip, fs.statSync(zip).size - 30);
    expect((await checkPackZip(zip))[0]).toMatch(/the zip does not open/);
    expect((await inspectEvidence(root)).broken).toEqual([expect.stringMatching(new RegExp(`^${NAME}\\.zip: the zip does not open`))]);
  });
});
