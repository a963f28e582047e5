/**
 * Checks an evidence pack on disk the way an auditor would, from its manifest alone: every file
 * manifest.json lists is there with its size and SHA-256, and nothing else is. The folder and
 * the zip are checked separately, so a crash that leaves either one half-written is caught.
 * (`reos evidence verify` lands from another branch; until then the crash tests use this.)
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { MANIFEST_FILE, sha256, type PackManifest } from '../../src/evidence/manifest.js';

/** A final pack name: `runtime_YYYYMMDD_HHMMSS` (`_2` ... when a second held two runs). */
export const FINAL_PACK = /^runtime_\d{8}_\d{6}(_\d+)?$/;

function compare(manifest: PackManifest, present: Map<string, Buffer>): string[] {
  const problems: string[] = [];
  if (manifest.format !== 'reos-evidence-pack') problems.push(`manifest format is ${String(manifest.format)}`);
  for (const file of manifest.files) {
    const data = present.get(file.path);
    if (!data) problems.push(`${file.path}: listed in the manifest but missing`);
    else if (data.byteLength !== file.size || sha256(data) !== file.sha256) problems.push(`${file.path}: size or SHA-256 differs from the manifest`);
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const name of present.keys()) if (name !== MANIFEST_FILE && !listed.has(name)) problems.push(`${name}: not in the manifest`);
  if (manifest.files.length === 0) problems.push('the manifest lists no files');
  return problems;
}

function readManifest(data: Buffer | undefined): PackManifest | string {
  if (!data) return 'manifest.json is missing';
  try {
    return JSON.parse(data.toString('utf8')) as PackManifest;
  } catch (error) {
    return `manifest.json is not JSON: ${(error as Error).message}`;
  }
}

async function filesUnder(dir: string, prefix = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [name, data] of await filesUnder(path.join(dir, entry.name), rel)) out.set(name, data);
    else out.set(rel, await fs.readFile(path.join(dir, entry.name)));
  }
  return out;
}

/** Problems with a pack folder; empty when it is complete. */
export async function checkPackDir(dir: string): Promise<string[]> {
  const files = await filesUnder(dir);
  const manifest = readManifest(files.get(MANIFEST_FILE));
  return typeof manifest === 'string' ? [manifest] : compare(manifest, files);
}

/** Problems with a pack zip; empty when it opens and holds exactly its manifest's files under `<name>/`. */
export async function checkPackZip(zipFile: string): Promise<string[]> {
  const name = path.basename(zipFile, '.zip');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await fs.readFile(zipFile), { checkCRC32: true });
  } catch (error) {
    return [`the zip does not open: ${(error as Error).message}`];
  }
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.name.startsWith(`${name}/`)) return [`${entry.name}: outside the ${name}/ folder`];
    if (!entry.dir) files.set(entry.name.slice(name.length + 1), await entry.async('nodebuffer'));
  }
  const manifest = readManifest(files.get(MANIFEST_FILE));
  return typeof manifest === 'string' ? [manifest] : compare(manifest, files);
}

export interface EvidenceState {
  /** Final names present: folders and zips (without `.zip`). */
  dirs: string[];
  zips: string[];
  /** Hidden temporaries (`.runtime_..._tmp-<pid>`, `.runtime_....zip.tmp-<pid>`). */
  temps: string[];
  /** Every final folder or zip that fails its manifest, with why. */
  broken: string[];
}

/** Lists an evidence folder and checks every entry under a final pack name. */
export async function inspectEvidence(root: string): Promise<EvidenceState> {
  const state: EvidenceState = { dirs: [], zips: [], temps: [], broken: [] };
  for (const entry of await fs.readdir(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.name.startsWith('.')) state.temps.push(entry.name);
    else if (entry.isDirectory() && FINAL_PACK.test(entry.name)) {
      state.dirs.push(entry.name);
      for (const p of await checkPackDir(full)) state.broken.push(`${entry.name}/: ${p}`);
    } else if (entry.isFile() && entry.name.endsWith('.zip') && FINAL_PACK.test(entry.name.slice(0, -4))) {
      state.zips.push(entry.name.slice(0, -4));
      for (const p of await checkPackZip(full)) state.broken.push(`${entry.name}: ${p}`);
    } else state.broken.push(`${entry.name}: unexpected entry`);
  }
  return state;
}
