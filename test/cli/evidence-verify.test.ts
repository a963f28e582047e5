/**
 * The signing path a user takes, through the built CLI: `reos evidence keygen` -> `reos verify
 * --sign-key` -> `reos evidence verify --pubkey` (exit 0), then a byte flipped on disk (exit 1,
 * the file named), the wrong key, a missing pack (exit 3), and the usage errors (exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, removeTemps, runReos, STACK_FRAME, tempDir } from './helpers.js';

afterEach(killAll);
afterAll(removeTemps);

const SCENARIO = `name: own-health
area: health
severity: critical
steps:
  - id: ready
    http: { url: /ready }
    expect: { status: 200 }
  - id: spec
    openapi: { url: /docs/openapi.json }
`;

describe('reos evidence keygen / verify --sign-key / evidence verify', { timeout: 180_000 }, () => {
  it('a pack signed with a new key verifies with its public key; tampering and the wrong key fail', async () => {
    const cwd = tempDir('reos-evidence-cli-');
    fs.writeFileSync(path.join(cwd, 'health.yaml'), SCENARIO);

    const keygen = await runReos(['evidence', 'keygen', '--out', 'keys', '--json'], { cwd });
    expect(keygen.code, keygen.stderr).toBe(0);
    const keys = JSON.parse(keygen.stdout) as { privateKey: string; publicKey: string; fingerprint: string };
    expect(keys.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(path.join(cwd, 'keys', 'reos.key')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(cwd, 'keys', 'reos.pub'), 'utf8')).toContain('BEGIN PUBLIC KEY');

    const again = await runReos(['evidence', 'keygen', '--out', 'keys'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).not.toMatch(STACK_FRAME);

    const run = await runReos(['verify', '--scenarios', 'health.yaml', '--out', 'packs', '--sign-key', 'keys/reos.key', '--json'], { cwd, env: { CI: 'true' } });
    expect(run.code, run.stderr).toBe(0);
    const pack = JSON.parse(run.stdout).pack as { dir: string; zip: string };
    expect(fs.existsSync(path.join(pack.dir, 'manifest.sig'))).toBe(true);

    const ok = await runReos(['evidence', 'verify', pack.zip, '--pubkey', 'keys/reos.pub'], { cwd });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('VERIFIED');
    expect(ok.stdout).toContain(keys.fingerprint);

    const asJson = await runReos(['evidence', 'verify', pack.dir, '--pubkey', 'keys/reos.pub', '--json'], { cwd });
    expect(asJson.code).toBe(0);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ ok: true, checks: { files: 'passed', signature: 'passed', assertions: 'passed', verdict: 'passed' } });

    // Another key pair: the pack was not signed by it.
    expect((await runReos(['evidence', 'keygen', '--out', 'keys', '--name', 'other'], { cwd })).code).toBe(0);
    const wrongKey = await runReos(['evidence', 'verify', pack.dir, '--pubkey', 'keys/other.pub'], { cwd });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toContain('not by the given --pubkey');

    // A byte flipped in one transcript on disk.
    const transcript = path.join(pack.dir, 'health', 'own-health', '01-ready.json');
    const bytes = fs.readFileSync(transcript);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(transcript, bytes);
    const tampered = await runReos(['evidence', 'verify', pack.dir, '--pubkey', 'keys/reos.pub'], { cwd });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('FAILED VERIFICATION');
    expect(tampered.stdout).toContain('health/own-health/01-ready.json: SHA-256 is');
  });

  it('a bad --sign-key stops reos verify before anything runs (exit 2, no pack)', async () => {
    const cwd = tempDir('reos-evidence-cli-');
    fs.writeFileSync(path.join(cwd, 'health.yaml'), SCENARIO);
    fs.writeFileSync(path.join(cwd, 'not-a-key.pem'), 'hello');
    for (const key of ['missing.key', 'not-a-key.pem']) {
      const result = await runReos(['verify', '--scenarios', 'health.yaml', '--out', 'packs', '--sign-key', key], { cwd });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/does not exist|not a PEM private key/);
      expect(result.stderr).toContain('reos evidence keygen');
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(fs.existsSync(path.join(cwd, 'packs'))).toBe(false);
    }
    // The same from REOS_SIGNING_KEY.
    const fromEnv = await runReos(['verify', '--scenarios', 'health.yaml', '--out', 'packs'], { cwd, env: { REOS_SIGNING_KEY: 'not-a-key.pem' } });
    expect(fromEnv.code, fromEnv.stderr).toBe(2);
    expect(fromEnv.stderr).toContain('not a PEM private key');
    expect(fs.existsSync(path.join(cwd, 'packs'))).toBe(false);
  });

  it('evidence verify: a missing pack exits 3, a malformed --reveal exits 2', async () => {
    const cwd = tempDir('reos-evidence-cli-');
    const missing = await runReos(['evidence', 'verify', 'nope.zip'], { cwd });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('No evidence pack at nope.zip');
    fs.mkdirSync(path.join(cwd, 'p'));
    fs.writeFileSync(path.join(cwd, 'p', 'manifest.json'), '{}');
    const reveal = await runReos(['evidence', 'verify', 'p', '--reveal', 'novalue'], { cwd });
    expect(reveal.code).toBe(2);
    expect(reveal.stderr).toContain('is not name=value');
  });
});
