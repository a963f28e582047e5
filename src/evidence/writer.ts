/**
 * Writes an evidence pack atomically: `<root>/runtime_YYYYMMDD_HHMMSS/` and the zip beside it
 * are first written under hidden temporary names, then renamed at the very end, so a crash,
 * a full disk or a permission error never leaves a partial pack under the final name. On
 * failure the temporary files are removed and one ReosError says what happened. What a killed
 * run could not remove is cleared by the next one (recover.ts).
 */
import nodeFs from 'node:fs/promises';
import path from 'node:path';
import { EXIT, ReosError } from '../errors.js';
import { buildPackContents, type PackInput } from './contents.js';
import { packBaseName } from './layout.js';
import type { PackManifest } from './manifest.js';
import type { PackSigner } from './sign.js';
import { clearInterruptedPacks } from './recover.js';
import type { PackSummary } from './summary.js';
import { zipPack } from './zip.js';

/** The file-system calls the writer makes; tests inject failures through it. */
export interface PackFs {
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
  writeFile(file: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(target: string, options: { recursive: true; force: true }): Promise<void>;
  access(target: string): Promise<void>;
}

export interface WritePackOptions {
  /** The evidence root folder (created if missing). */
  root: string;
  createdAt?: Date;
  gitCommit?: string;
  fs?: PackFs;
  pid?: number;
  /** Signs manifest.json into manifest.sig. */
  signer?: PackSigner;
}

export interface WrittenPack {
  name: string;
  dir: string;
  zip: string;
  summary: PackSummary;
  manifest: PackManifest;
}

async function exists(fs: PackFs, target: string): Promise<boolean> {
  return fs.access(target).then(
    () => true,
    () => false,
  );
}

/** `runtime_...`, or `runtime_..._2` (and so on) when a pack of that second already exists. */
async function freeName(fs: PackFs, root: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (!(await exists(fs, path.join(root, name))) && !(await exists(fs, path.join(root, `${name}.zip`)))) return name;
  }
}

export async function writeEvidencePack(input: PackInput, options: WritePackOptions): Promise<WrittenPack> {
  const fs = options.fs ?? nodeFs;
  const root = path.resolve(options.root);
  const createdAt = options.createdAt ?? new Date();
  // Redaction, the secret scan and signing happen here, before any byte reaches the disk.
  const contents = buildPackContents(input, { createdAt, gitCommit: options.gitCommit, signer: options.signer });
  const pid = options.pid ?? process.pid;
  let tmpDir: string | undefined;
  let tmpZip: string | undefined;
  let finalDir: string | undefined;
  try {
    await fs.mkdir(root, { recursive: true });
    await clearInterruptedPacks(root);
    const name = await freeName(fs, root, packBaseName(new Date(input.run.startedAt)));
    tmpDir = path.join(root, `.${name}_tmp-${pid}`);
    tmpZip = path.join(root, `.${name}.zip.tmp-${pid}`);
    const dir = path.join(root, name);
    const zip = path.join(root, `${name}.zip`);

    for (const file of contents.files) {
      const target = path.join(tmpDir, ...file.path.split('/'));
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.data);
    }
    await fs.writeFile(tmpZip, await zipPack(name, contents.files, createdAt));

    await fs.rename(tmpDir, dir);
    finalDir = dir;
    await fs.rename(tmpZip, zip);
    return { name, dir, zip, summary: contents.summary, manifest: contents.manifest };
  } catch (error) {
    // The pack is the folder AND the zip: without both, neither keeps the final name.
    for (const leftover of [tmpDir, tmpZip, finalDir]) {
      if (leftover) await fs.rm(leftover, { recursive: true, force: true }).catch(() => undefined);
    }
    throw packWriteError(root, error);
  }
}

function packWriteError(root: string, error: unknown): ReosError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = (error as Error)?.message ?? String(error);
  const hints: Record<string, string> = {
    ENOSPC: 'The disk is full: free some space, or write the pack elsewhere with --out <dir>.',
    EDQUOT: 'The disk quota is exhausted: free some space, or write the pack elsewhere with --out <dir>.',
    EACCES: `reos may not write in ${root}: fix its permissions, or choose another folder with --out <dir>.`,
    EPERM: `reos may not write in ${root}: fix its permissions, or choose another folder with --out <dir>.`,
    EROFS: `${root} is on a read-only file system: choose another folder with --out <dir>.`,
    ENOTDIR: `Part of ${root} is a file, not a folder: choose another folder with --out <dir>.`,
  };
  return new ReosError(`Could not write the evidence pack in ${root}: ${reason}. No pack was written.`, {
    hint: (code && hints[code]) ?? 'Check that the folder is writable and has free space, or use --out <dir>.',
    exitCode: EXIT.failed,
    code: 'EVIDENCE_WRITE_FAILED',
    cause: error,
  });
}
