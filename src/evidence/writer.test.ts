import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReosError } from '../errors.js';
import { SECRET_VALUES, SECRETS, sampleRun } from '../../test/unit/verify-fixtures.js';
import { sha256, type PackManifest } from './manifest.js';
import type { PackInput } from './contents.js';
import { writeEvidencePack, type PackFs } from './writer.js';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'reos-pack-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const input = (): PackInput => ({
  run: sampleRun(),
  requiredAreas: ['health', 'auth'],
  scenarioFiles: [{ path: 'scenarios/auth.yaml', sha256: 'a'.repeat(64) }],
  secrets: [SECRETS.jwtSecret],
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

describe('writeEvidencePack', () => {
  it('writes the folder and the zip under runtime_<UTC time> with the expected layout', async () => {
    const pack = await writeEvidencePack(input(), { root });
    expect(path.basename(pack.dir)).toBe('runtime_20251105_182213');
    expect(pack.zip).toBe(path.join(root, 'runtime_20251105_182213.zip'));
    expect((await fs.readdir(root)).sort()).toEqual(['runtime_20251105_182213', 'runtime_20251105_182213.zip']);
    expect(await listFiles(pack.dir)).toEqual([
      'SUMMARY.md',
      'auth/login-me-check/01-login.json',
      'auth/login-me-check/02-me.json',
      'auth/login-me-check/03-logout.json',
      'health/liveness/01-healthz.json',
      'junit.xml',
      'logs/api.jsonl',
      'manifest.json',
      'openapi.json',
      'report.html',
      'summary.json',
    ]);
    const transcript = JSON.parse(await fs.readFile(path.join(pack.dir, 'auth/login-me-check/02-me.json'), 'utf8'));
    expect(transcript.scenario).toMatchObject({ name: 'Login & me <check>', area: 'auth', severity: 'critical', status: 'failed' });
    expect(transcript.step.exchanges[0].response.status).toBe(401);
    expect(pack.summary.verdict).toBe('NO-GO');
  });

  it('never lets a secret reach the disk: every file, and every zip entry', async () => {
    const pack = await writeEvidencePack(input(), { root });
    const zip = await JSZip.loadAsync(await fs.readFile(pack.zip));
    const texts = [
      ...(await Promise.all((await listFiles(pack.dir)).map(async (f) => [f, await fs.readFile(path.join(pack.dir, f), 'utf8')] as const))),
      ...(await Promise.all(Object.values(zip.files).filter((e) => !e.dir).map(async (e) => [`zip:${e.name}`, await e.async('string')] as const))),
    ];
    expect(texts.length).toBeGreaterThan(10);
    for (const [file, text] of texts) {
      for (const secret of SECRET_VALUES) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
      expect(text.includes('Bearer opaque'), file).toBe(false);
    }
  });

  it('records every file with a SHA-256 and size that match, in the folder and in the zip', async () => {
    const pack = await writeEvidencePack(input(), { root, gitCommit: 'abc1234' });
    const manifest = JSON.parse(await fs.readFile(path.join(pack.dir, 'manifest.json'), 'utf8')) as PackManifest;
    expect(manifest).toMatchObject({ format: 'reos-evidence-pack', formatVersion: 1, reosVersion: '0.1.0', gitCommit: 'abc1234', runId: 'run-1' });
    expect(manifest.scenarioFiles).toEqual([{ path: 'scenarios/auth.yaml', sha256: 'a'.repeat(64) }]);
    expect(manifest.files.map((f) => f.path)).toEqual((await listFiles(pack.dir)).filter((f) => f !== 'manifest.json'));
    const zip = await JSZip.loadAsync(await fs.readFile(pack.zip));
    for (const file of manifest.files) {
      const onDisk = await fs.readFile(path.join(pack.dir, file.path));
      expect(sha256(onDisk), file.path).toBe(file.sha256);
      expect(onDisk.byteLength).toBe(file.size);
      const inZip = await zip.file(`${pack.name}/${file.path}`)!.async('nodebuffer');
      expect(sha256(inZip), `zip ${file.path}`).toBe(file.sha256);
    }
  });

  it('adds a suffix when a pack of the same second exists', async () => {
    const first = await writeEvidencePack(input(), { root });
    const second = await writeEvidencePack(input(), { root });
    expect(path.basename(first.dir)).toBe('runtime_20251105_182213');
    expect(path.basename(second.dir)).toBe('runtime_20251105_182213_2');
    expect(second.zip.endsWith('runtime_20251105_182213_2.zip')).toBe(true);
  });
});

describe('writeEvidencePack atomicity', () => {
  function failingFs(fail: { call: keyof PackFs; after: number; code: string }): PackFs {
    let calls = 0;
    const wrap =
      <A extends unknown[]>(name: keyof PackFs, real: (...args: A) => Promise<unknown>) =>
      async (...args: A) => {
        if (name === fail.call && ++calls > fail.after) throw Object.assign(new Error(`${fail.code}: simulated`), { code: fail.code });
        return real(...args);
      };
    return {
      mkdir: wrap('mkdir', fs.mkdir) as PackFs['mkdir'],
      writeFile: wrap('writeFile', fs.writeFile) as PackFs['writeFile'],
      rename: wrap('rename', fs.rename) as PackFs['rename'],
      rm: fs.rm,
      access: fs.access,
    };
  }

  it.each([
    { what: 'disk full in the middle of the transcripts', fail: { call: 'writeFile' as const, after: 3, code: 'ENOSPC' }, hint: /disk is full/ },
    { what: 'permission denied writing the zip', fail: { call: 'writeFile' as const, after: 10, code: 'EACCES' }, hint: /may not write/ },
    { what: 'a crash between the two renames', fail: { call: 'rename' as const, after: 1, code: 'EIO' }, hint: /writable/ },
  ])('$what: one clear error, nothing under the final name, temp files removed', async ({ fail, hint }) => {
    const error = await writeEvidencePack(input(), { root, fs: failingFs(fail) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReosError);
    expect((error as ReosError).exitCode).toBe(1);
    expect((error as ReosError).code).toBe('EVIDENCE_WRITE_FAILED');
    expect((error as ReosError).message).toMatch(/Could not write the evidence pack .*No pack was written/);
    expect((error as ReosError).hint).toMatch(hint);
    expect(await fs.readdir(root)).toEqual([]);
  });
});

describe('the secret scan and signing', () => {
  it('refuses to write a pack in which a known secret survived redaction, naming the file and the secret, and leaves nothing behind', async () => {
    // Scenario file paths are not redacted: a secret in one reaches manifest.json.
    const leaky = { ...input(), scenarioFiles: [{ path: `scenarios/${SECRETS.jwtSecret}.yaml`, sha256: 'a'.repeat(64) }], secrets: [{ name: 'jwt_secret', value: SECRETS.jwtSecret }] };
    const error = await writeEvidencePack(leaky, { root }).then(() => undefined, (e: unknown) => e as ReosError);
    expect(error).toBeInstanceOf(ReosError);
    expect(error?.code).toBe('EVIDENCE_SECRET_FOUND');
    expect(error?.message).toContain('manifest.json (secret "jwt_secret")');
    expect(error?.message).not.toContain(SECRETS.jwtSecret);
    expect(await fs.readdir(root)).toEqual([]);
  });

  it('with a signer, writes manifest.sig over the exact manifest bytes and records the fingerprint', async () => {
    const { generateKeyPair, loadSigningKey, loadPublicKey, signatureHolds } = await import('./sign.js');
    const pair = generateKeyPair();
    const pack = await writeEvidencePack(input(), { root, signer: loadSigningKey(pair.privateKeyPem) });
    const manifestBytes = await fs.readFile(path.join(pack.dir, 'manifest.json'));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as PackManifest;
    expect(manifest.signature).toMatchObject({ algorithm: 'ed25519', keyFingerprint: pair.fingerprint, file: 'manifest.sig' });
    expect(manifest.files.map((f) => f.path)).not.toContain('manifest.sig');
    const signature = await fs.readFile(path.join(pack.dir, 'manifest.sig'), 'utf8');
    expect(signatureHolds(manifestBytes, signature, loadPublicKey(pair.publicKeyPem).key)).toBe(true);
    expect(signatureHolds(Buffer.concat([manifestBytes, Buffer.from(' ')]), signature, loadPublicKey(pair.publicKeyPem).key)).toBe(false);
  });
});
