/**
 * `reos evidence verify` on a REAL pack: `verify()` runs shipped scenarios (every check kind:
 * http, burst, idempotency, sse, logs, openapi) on the embedded stack, signs the pack, and
 * every test tampers with its own copy of the bytes, the way an attacker with the files could.
 * One run per file (beforeAll); the copies are in memory or in temporary folders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKinds } from '../../src/checks/index.js';
import { verifyPack, type PackVerification } from '../../src/evidence/audit.js';
import { sha256, type PackManifest } from '../../src/evidence/manifest.js';
import { readPackFiles, type PackFiles } from '../../src/evidence/read.js';
import { generateKeyPair, loadSigningKey } from '../../src/evidence/sign.js';
import type { PackSummary } from '../../src/evidence/summary.js';
import { ReosError } from '../../src/errors.js';
import type { CheckKind } from '../../src/model.js';
import { renderSummaryMarkdown } from '../../src/report/markdown/index.js';
import { loadEnvironment } from '../../src/runtime/env.js';
import { verify } from '../../src/verify/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const SCENARIOS = ['auth-register-login', 'hardening-idempotency', 'hardening-sse', 'hardening-structured-logs', 'hardening-rate-limit', 'health-endpoints'];
const OWN_OPENAPI = `name: own-openapi
area: health
severity: minor
steps:
  - id: spec
    openapi: { url: /docs/openapi.json }
    expect: { operations: { gte: 5 } }
`;

let cwd: string;
let packDir: string;
let packZip: string;
let keyA: ReturnType<typeof generateKeyPair>;
let keyAFile: string;
let keyAPub: string;
let jwtSecret: string;
let clean: PackFiles;

beforeAll(async () => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-evidence-verify-'));
  fs.writeFileSync(path.join(cwd, 'own-openapi.yaml'), OWN_OPENAPI);
  keyA = generateKeyPair();
  keyAFile = path.join(cwd, 'a.key');
  keyAPub = path.join(cwd, 'a.pub');
  fs.writeFileSync(keyAFile, keyA.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(keyAPub, keyA.publicKeyPem);
  const { env } = loadEnvironment({ cwd, processEnv: { PATH: process.env.PATH ?? '' } });
  jwtSecret = env.JWT_SECRET!;
  const outcome = await verify({
    cwd,
    env,
    version: '0.0.0-test',
    targets: [],
    scenarios: [...SCENARIOS.map((s) => path.join(root, 'scenarios', `${s}.yaml`)), path.join(cwd, 'own-openapi.yaml')],
    areas: [],
    tags: [],
    bail: false,
    concurrency: 4,
    out: 'packs',
    readyTimeoutMs: 60_000,
    failOn: 'no-go',
    signer: loadSigningKey(keyAFile),
  });
  packDir = outcome.pack.dir;
  packZip = outcome.pack.zip;
  clean = await readPackFiles(packDir);
}, 300_000);

afterAll(() => {
  if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
});

/** A deep copy of the pack's bytes, to tamper with. */
function copy(pack: PackFiles): PackFiles {
  return { ...pack, files: new Map([...pack.files].map(([k, v]) => [k, Buffer.from(v)])) };
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
const manifestOf = (pack: PackFiles) => JSON.parse(pack.files.get('manifest.json')!.toString('utf8')) as PackManifest;
const summaryOf = (pack: PackFiles) => JSON.parse(pack.files.get('summary.json')!.toString('utf8')) as PackSummary;

/** Rewrites the manifest's hash and size of every file to match the (tampered) bytes. */
function rehash(pack: PackFiles, options: { signer?: ReturnType<typeof loadSigningKey>; keepSignerRecord?: boolean; unsigned?: boolean } = {}): void {
  const manifest = manifestOf(pack);
  manifest.files = manifest.files.map((f) => ({ ...f, sha256: sha256(pack.files.get(f.path)!), size: pack.files.get(f.path)!.length }));
  if (options.unsigned) {
    delete manifest.signature;
    pack.files.delete('manifest.sig');
  } else if (options.signer && !options.keepSignerRecord) {
    manifest.signature = { ...manifest.signature!, keyFingerprint: options.signer.fingerprint, publicKey: options.signer.publicKeyPem };
  }
  const bytes = json(manifest);
  pack.files.set('manifest.json', bytes);
  if (options.signer) pack.files.set('manifest.sig', Buffer.from(`${options.signer.sign(bytes).toString('base64')}\n`));
}

function failuresText(result: PackVerification): string {
  return result.failures.map((f) => `[${f.check}] ${f.message}`).join('\n');
}

/** A step whose first exchange answered 200 under an explicit `status: 200` assertion. */
function findPassingStatusStep(pack: PackFiles) {
  const summary = summaryOf(pack);
  for (const scenario of summary.scenarios) {
    for (const step of scenario.steps) {
      if (step.kind !== 'http' || step.status !== 'passed') continue;
      const transcript = JSON.parse(pack.files.get(step.transcript)!.toString('utf8'));
      const status = transcript.step.assertions.find((a: { label: string }) => a.label === 'status');
      if (status?.expected === 200 && transcript.step.exchanges[0]?.response?.status === 200) return { scenario, step, transcript };
    }
  }
  throw new Error('no http step asserting status 200 in the pack');
}

describe('a clean pack from a real run', () => {
  it('verifies, from the folder and from the zip, with and without its public key', async () => {
    const summary = summaryOf(clean);
    expect(summary.verdict, JSON.stringify(summary.reasons)).toBe('GO');
    for (const result of [verifyPack(clean), verifyPack(clean, { pubkey: keyAPub }), verifyPack(await readPackFiles(packZip), { pubkey: keyAPub })]) {
      expect(result.failures, failuresText(result)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.checks).toEqual({ files: 'passed', signature: 'passed', assertions: 'passed', verdict: 'passed' });
    }
    const result = verifyPack(clean, { pubkey: keyAPub });
    expect(result.signer).toEqual({ fingerprint: keyA.fingerprint, trusted: 'pubkey' });
    expect(manifestOf(clean).signature?.keyFingerprint).toBe(keyA.fingerprint);
    // Every step of every kind was re-evaluated by its hook.
    expect(result.stats.stepsReevaluated).toBe(result.stats.steps);
    const kinds = new Set(summary.scenarios.flatMap((s) => s.steps.map((st) => st.kind)));
    expect([...kinds].sort()).toEqual(['burst', 'http', 'idempotency', 'logs', 'openapi', 'sse']);
    expect(result.stats.assertionsReevaluated).toBeGreaterThan(50);
    // Only what cannot be recomputed offline is listed: the openapi step's validation of the
    // run's other responses, and comparisons on redacted values.
    expect(result.notReevaluated.filter((n) => !(n.kind === 'openapi' && n.assertion.endsWith('responses match the spec')) && n.why !== 'the comparison involves a redacted value')).toEqual([]);
  });

  it('stores each step\'s resolved expectations in its transcript', () => {
    const { transcript } = findPassingStatusStep(clean);
    expect(transcript.step.expectations.expect.status).toBe(200);
  });

  it('holds no secret: the JWT secret and the scenario password appear nowhere, only as commitments', () => {
    for (const [file, bytes] of clean.files) {
      expect(bytes.includes(jwtSecret), file).toBe(false);
      expect(bytes.includes('Demo123!'), file).toBe(false);
    }
    const text = [...clean.files.values()].map((b) => b.toString('utf8')).join('\n');
    expect(text).toMatch(/\[REDACTED:password:[A-Za-z0-9_-]{22}:[0-9a-f]{64}\]/);
  });
});

describe('tampering is caught and named', () => {
  it('a flipped byte in any file, one file at a time, fails verification naming that file', () => {
    const files = [...clean.files.keys()];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const pack = copy(clean);
      const bytes = pack.files.get(file)!;
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      const result = verifyPack(pack, { pubkey: keyAPub });
      expect(result.ok, file).toBe(false);
      // The finding's file, or (for the signature, which covers manifest.json) its message.
      const named = result.failures.filter((f) => f.file === file || f.message.includes(file));
      expect(named.length, `${file}:\n${failuresText(result)}`).toBeGreaterThan(0);
    }
  });

  it('summary.json says NO-GO, re-hashed and re-signed with another key: the signature fails (and the --pubkey fingerprint)', () => {
    const keyB = loadSigningKey(generateKeyPair().privateKeyPem);
    const pack = copy(clean);
    pack.files.set('summary.json', json({ ...summaryOf(pack), verdict: 'NO-GO' }));
    // The attacker re-signs but leaves the manifest naming key A.
    rehash(pack, { signer: keyB, keepSignerRecord: true });
    let result = verifyPack(pack);
    expect(result.checks.signature).toBe('failed');
    expect(result.failures.some((f) => f.check === 'signature' && f.file === 'manifest.sig')).toBe(true);
    expect(result.failures.some((f) => f.check === 'verdict' && f.message.includes('summary.json says NO-GO, the recorded evidence gives GO'))).toBe(true);

    // The attacker also records key B as the signer: only the auditor's --pubkey can tell.
    const forged = copy(clean);
    forged.files.set('summary.json', json({ ...summaryOf(forged), verdict: 'NO-GO' }));
    rehash(forged, { signer: keyB });
    result = verifyPack(forged, { pubkey: keyAPub });
    expect(result.ok).toBe(false);
    expect(result.failures.some((f) => f.check === 'signature' && f.message.includes(`signed by key ${keyB.fingerprint}, not by the given --pubkey ${keyA.fingerprint}`)), failuresText(result)).toBe(true);
    expect(result.failures.some((f) => f.check === 'signature' && f.file === 'manifest.sig')).toBe(true);
  });

  it('a transcript\'s status edited and its hash fixed, signature left alone: fails on the signature', () => {
    const pack = copy(clean);
    const { step, transcript } = findPassingStatusStep(pack);
    transcript.step.exchanges[0].response.status = 500;
    pack.files.set(step.transcript, json(transcript));
    const manifest = manifestOf(pack);
    manifest.files = manifest.files.map((f) => (f.path === step.transcript ? { ...f, sha256: sha256(pack.files.get(f.path)!), size: pack.files.get(f.path)!.length } : f));
    pack.files.set('manifest.json', json(manifest));
    const result = verifyPack(pack, { pubkey: keyAPub });
    expect(result.ok).toBe(false);
    expect(result.checks.files).toBe('passed');
    expect(result.checks.signature).toBe('failed');
  });

  it('an unsigned pack with a transcript and every hash edited: the re-evaluated assertion fails, named by scenario, step and assertion', () => {
    const pack = copy(clean);
    rehash(pack, { unsigned: true });
    expect(verifyPack(pack).ok).toBe(true);
    const { scenario, step, transcript } = findPassingStatusStep(pack);
    transcript.step.exchanges[0].response.status = 500;
    pack.files.set(step.transcript, json(transcript));
    rehash(pack, { unsigned: true });
    const result = verifyPack(pack);
    expect(result.checks.files).toBe('passed');
    expect(result.checks.signature).toBe('absent');
    expect(result.checks.assertions).toBe('failed');
    const finding = result.failures.find((f) => f.check === 'assertions' && f.assertion === 'status');
    expect(finding, failuresText(result)).toMatchObject({ scenario: scenario.name, step: step.id, file: step.transcript });
    expect(finding?.message).toContain(`scenario ${scenario.name}, step ${step.id}: assertion "status" is recorded as passed (expected 200, actual 200), but re-evaluated against the recorded response it failed (expected 200, actual 500)`);
    // --pubkey on an unsigned pack is a failure of its own.
    expect(verifyPack(pack, { pubkey: keyAPub }).failures.some((f) => f.check === 'signature' && f.message.includes('not signed'))).toBe(true);
  });

  it('a scenario marked passed whose step failed, with a consistent summary, fails on the recomputed verdict', () => {
    const pack = copy(clean);
    const { scenario, step, transcript } = findPassingStatusStep(pack);
    transcript.step.status = 'failed';
    transcript.step.assertions.find((a: { label: string }) => a.label === 'status').passed = false;
    pack.files.set(step.transcript, json(transcript));
    rehash(pack, { unsigned: true });
    const result = verifyPack(pack);
    expect(result.ok).toBe(false);
    expect(result.failures.some((f) => f.scenario === scenario.name && f.step === step.id && f.assertion === 'status')).toBe(true);
    expect(result.failures.some((f) => f.message.includes(`summary.json says step ${step.id} of scenario ${scenario.name} passed, its transcript says failed`))).toBe(true);
  });

  it('an inflated operation coverage in summary.json (SUMMARY.md re-rendered, hashes fixed) fails: it is recomputed from the transcripts', () => {
    const pack = copy(clean);
    const summary = summaryOf(pack);
    expect(summary.coverage?.total).toBeGreaterThan(0);
    expect(pack.files.has('inventory.json')).toBe(true);
    const honest = summary.coverage!;
    summary.coverage = { ...honest, exercised: honest.total, percent: 100, uncovered: [] };
    pack.files.set('summary.json', json(summary));
    pack.files.set('SUMMARY.md', Buffer.from(renderSummaryMarkdown(summary), 'utf8'));
    rehash(pack, { unsigned: true });
    const result = verifyPack(pack);
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => f.message)).toContain(
      `summary.json says ${honest.total} of ${honest.total} documented operations exercised (100%), the transcripts and openapi.json give ${honest.exercised} of ${honest.total} documented operations exercised (${honest.percent}%)`,
    );
  });

  it('an inventory.json that is not an inventory document fails, even with its hash fixed', () => {
    const pack = copy(clean);
    pack.files.set('inventory.json', json({ providers: [] }));
    rehash(pack, { unsigned: true });
    const result = verifyPack(pack);
    expect(result.failures).toContainEqual(expect.objectContaining({ check: 'files', file: 'inventory.json', message: 'inventory.json is not a reos-inventory document' }));
  });

  it('a step whose kind has no re-evaluation hook is listed as not re-evaluated (a warning), never silently passed', () => {
    const plain: CheckKind = { ...(checkKinds.get('http') as CheckKind), kind: 'nohook', reevaluate: undefined };
    checkKinds.set('nohook', plain);
    try {
      const pack = copy(clean);
      const { step, transcript } = findPassingStatusStep(pack);
      transcript.step.kind = 'nohook';
      pack.files.set(step.transcript, json(transcript));
      const summary = summaryOf(pack);
      for (const s of summary.scenarios) for (const st of s.steps) if (st.transcript === step.transcript) st.kind = 'nohook';
      pack.files.set('summary.json', json(summary));
      pack.files.set('SUMMARY.md', Buffer.from(renderSummaryMarkdown(summary), 'utf8'));
      rehash(pack, { unsigned: true });
      const result = verifyPack(pack);
      expect(result.failures, failuresText(result)).toEqual([]);
      expect(result.warnings.some((w) => w.step === step.id && w.message.includes('not re-evaluated'))).toBe(true);
      expect(result.notReevaluated.filter((n) => n.step === step.id && n.kind === 'nohook').map((n) => n.assertion)).toContain('status');
      expect(result.stats.stepsReevaluated).toBe(result.stats.steps - 1);
    } finally {
      checkKinds.delete('nohook');
    }
  });
});

describe('--reveal', () => {
  it('confirms the right value against its commitments and says where; a wrong value fails', () => {
    const right = verifyPack(clean, { reveals: [{ name: 'password', value: 'Demo123!' }] });
    expect(right.ok, failuresText(right)).toBe(true);
    expect(right.reveals[0].ok).toBe(true);
    expect(right.reveals[0].matched[0].files.some((f) => f.startsWith('auth/'))).toBe(true);
    const wrong = verifyPack(clean, { reveals: [{ name: 'password', value: 'Demo124!' }] });
    expect(wrong.ok).toBe(false);
    expect(wrong.reveals[0]).toMatchObject({ ok: false, matched: [] });
    expect(wrong.failures.some((f) => f.check === 'reveal' && f.message.includes('matches none of the'))).toBe(true);
    const unknown = verifyPack(clean, { reveals: [{ name: 'no_such_secret', value: 'x' }] });
    expect(unknown.failures[0].message).toContain('has no commitment named "no_such_secret"');
  });
});

describe('bad input', () => {
  it('a --pubkey that is not a key is a usage error (exit 2)', () => {
    const bad = path.join(cwd, 'bad.pub');
    fs.writeFileSync(bad, 'not a key');
    const error = (() => {
      try {
        verifyPack(clean, { pubkey: bad });
      } catch (e) {
        return e as ReosError;
      }
    })();
    expect(error).toBeInstanceOf(ReosError);
    expect(error?.exitCode).toBe(2);
  });

  it('an unparsable manifest fails verification (not a crash) and names manifest.json', () => {
    const pack = copy(clean);
    pack.files.set('manifest.json', Buffer.from('{ nope'));
    const result = verifyPack(pack, { pubkey: keyAPub });
    expect(result.ok).toBe(false);
    expect(result.failures.some((f) => f.file === 'manifest.json')).toBe(true);
  });
});
