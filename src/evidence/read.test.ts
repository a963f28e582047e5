import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReosError } from '../errors.js';
import { SECRETS, sampleRun } from '../../test/unit/verify-fixtures.js';
import { readPack, readPackFiles } from './read.js';
import { writeEvidencePack, type WrittenPack } from './writer.js';

let root: string;
let pack: WrittenPack;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'reos-read-'));
  pack = await writeEvidencePack(
    { run: sampleRun(), requiredAreas: ['health', 'auth'], scenarioFiles: [{ path: 'scenarios/auth.yaml', sha256: 'a'.repeat(64) }], secrets: [SECRETS.jwtSecret] },
    { root },
  );
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<ReosError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ReosError);
  return error as ReosError;
}

describe('readPack', () => {
  it('reads the zip and the folder to the same files, manifest and summary', async () => {
    const fromZip = await readPack(pack.zip);
    const fromDir = await readPack(pack.dir);
    expect(fromZip.type).toBe('zip');
    expect(fromDir.type).toBe('dir');
    expect(fromZip.name).toBe(pack.name);
    expect(fromDir.name).toBe(pack.name);
    expect([...fromZip.files.keys()].sort()).toEqual([...fromDir.files.keys()].sort());
    for (const [file, bytes] of fromDir.files) expect(fromZip.files.get(file)?.equals(bytes), file).toBe(true);
    expect(fromZip.manifest).toEqual(pack.manifest);
    expect(fromZip.summary).toEqual(pack.summary);
    expect(fromDir.files.get('auth/login-me-check/02-me.json')?.toString('utf8')).toContain('"status": 401');
  });

  it('reads a zip written by another tool (JSZip, stored and deflated entries)', async () => {
    const zip = new JSZip();
    for (const [file, bytes] of (await readPackFiles(pack.dir)).files) zip.file(`other/${file}`, bytes, { compression: file.endsWith('.md') ? 'STORE' : 'DEFLATE' });
    const target = path.join(root, 'other.zip');
    await fs.writeFile(target, await zip.generateAsync({ type: 'nodebuffer' }));
    const read = await readPack(target);
    expect(read.name).toBe('other');
    expect(read.summary.verdict).toBe(pack.summary.verdict);
  });

  it('a missing path is unreadable (exit 3) with a hint', async () => {
    const error = await rejection(readPack(path.join(root, 'nope.zip')));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('No evidence pack at');
    expect(error.hint).toBeTruthy();
  });

  it('a folder or file that is not a pack is refused (exit 3)', async () => {
    const empty = await fs.mkdtemp(path.join(root, 'empty-'));
    expect((await rejection(readPack(empty))).message).toContain('has no manifest.json');
    const text = path.join(root, 'notes.txt');
    await fs.writeFile(text, 'hello');
    expect((await rejection(readPack(text))).message).toContain('neither a folder nor a zip');
  });

  it('a corrupt zip (a flipped byte, a truncated file) is refused, never half-read', async () => {
    const bytes = await fs.readFile(pack.zip);
    // A byte in every tenth position of the entries' region, one at a time.
    const directoryStart = bytes.readUInt32LE(bytes.length - 22 + 16);
    for (let at = 0; at < directoryStart; at += Math.ceil(directoryStart / 10)) {
      const flipped = Buffer.from(bytes);
      flipped[at] ^= 0xff;
      await fs.writeFile(path.join(root, 'flipped.zip'), flipped);
      const error = await rejection(readPack(path.join(root, 'flipped.zip')));
      expect(error.exitCode, `byte ${at}`).toBe(3);
      expect(error.code).toBe('EVIDENCE_UNREADABLE');
    }
    await fs.writeFile(path.join(root, 'truncated.zip'), bytes.subarray(0, bytes.length - 40));
    expect((await rejection(readPack(path.join(root, 'truncated.zip')))).exitCode).toBe(3);
  });

  it('refuses entries that would escape the pack', async () => {
    const zip = new JSZip();
    zip.file('manifest.json', '{}');
    zip.file('../evil.txt', 'x');
    const target = path.join(root, 'evil.zip');
    await fs.writeFile(target, await zip.generateAsync({ type: 'nodebuffer' }));
    expect((await rejection(readPack(target))).message).toContain('points outside the pack');
  });

  it('a manifest that does not parse is a failed pack (exit 1), naming the file', async () => {
    const copy = path.join(root, 'copy');
    await fs.cp(pack.dir, copy, { recursive: true });
    await fs.writeFile(path.join(copy, 'manifest.json'), '{ not json');
    const error = await rejection(readPack(copy));
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('manifest.json');
    // The bytes alone are still readable, for reos evidence verify to report.
    expect((await readPackFiles(copy)).files.get('manifest.json')?.toString()).toBe('{ not json');
  });
});
