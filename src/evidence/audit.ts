/**
 * `reos evidence verify` as a library: checks a pack offline and says exactly what does not
 * hold. Four checks, each independent of the others so one tampering is named once:
 *
 * 1. files: every file's SHA-256 and size against manifest.json, none missing, none extra;
 * 2. signature: manifest.sig is the ed25519 signature of manifest.json's bytes by the key whose
 *    fingerprint the manifest records (and, with --pubkey, that key is the given one);
 * 3. assertions: each transcript's assertions recomputed by its kind's `reevaluate` hook (the
 *    code the run used) from the recorded responses and stored expectations; step and scenario
 *    statuses recomputed from them and compared with the transcripts and summary.json;
 * 4. verdict: the verdict, confidence and reasons recomputed with `computeVerdict` and compared
 *    with summary.json, and SUMMARY.md re-rendered from summary.json and compared byte for byte.
 *
 * Plus `--reveal name=value`: the value checked against the commitments in the markers.
 */
import { checkKinds } from '../checks/index.js';
import { holdsRedaction } from '../checks/support/reevaluate.js';
import type { AssertionResult, ReevaluatedAssertion, ReevaluationContext, ScenarioStatus, StepResult, StepStatus } from '../model.js';
import { renderSummaryMarkdown } from '../report/markdown/index.js';
import { computeVerdict } from '../verdict/index.js';
import { asInventoryReport, INVENTORY_FILE, INVENTORY_FORMAT } from '../inventory/report.js';
import { computeCoverage, describeCoverage, type OperationCoverage } from './coverage.js';
import { MANIFEST_FILE, sha256, UNLISTED_FILES, type PackManifest } from './manifest.js';
import type { PackFiles } from './read.js';
import { SUMMARY_FILE } from './read.js';
import { commitment, MARKER } from './redact.js';
import { loadPublicKey, signatureHolds, SIGNATURE_FILE } from './sign.js';
import type { PackSummary } from './summary.js';
import type { KeyObject } from 'node:crypto';

export type CheckName = 'files' | 'signature' | 'assertions' | 'verdict' | 'reveal';

export interface Finding {
  check: CheckName;
  message: string;
  file?: string;
  scenario?: string;
  step?: string;
  assertion?: string;
}

export interface RevealResult {
  name: string;
  /** True when the value matches at least one commitment of that name. */
  ok: boolean;
  /** Commitments (distinct salts) of that name the value matches, with the files they are in. */
  matched: Array<{ salt: string; files: string[]; occurrences: number }>;
  /** Commitments of that name the value does not match (another value under the same name). */
  unmatched: Array<{ salt: string; files: string[]; occurrences: number }>;
}

export interface PackVerification {
  source: string;
  ok: boolean;
  checks: Record<Exclude<CheckName, 'reveal'>, 'passed' | 'failed' | 'absent'>;
  signer?: { fingerprint: string; trusted: 'pubkey' | 'embedded' };
  failures: Finding[];
  warnings: Finding[];
  notReevaluated: Array<{ scenario: string; step: string; kind: string; assertion: string; why: string }>;
  reveals: RevealResult[];
  stats: { files: number; steps: number; stepsReevaluated: number; assertionsReevaluated: number };
}

export interface VerifyPackOptions {
  /** A public key (file or PEM): the pack must be signed by it. */
  pubkey?: string;
  /** `name=value` pairs to check against the redaction commitments. */
  reveals?: Array<{ name: string; value: string }>;
}

interface Transcript {
  format: 'reos-transcript';
  scenario: { name: string; area: string; severity: string; status: ScenarioStatus };
  index: number;
  step: StepResult;
}

const canonical = (value: unknown): string => JSON.stringify(value === undefined ? null : value);

function parseJson(bytes: Buffer | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function verifyPack(pack: PackFiles, options: VerifyPackOptions = {}): PackVerification {
  const result: PackVerification = {
    source: pack.source,
    ok: false,
    checks: { files: 'passed', signature: 'absent', assertions: 'passed', verdict: 'passed' },
    failures: [],
    warnings: [],
    notReevaluated: [],
    reveals: [],
    stats: { files: pack.files.size, steps: 0, stepsReevaluated: 0, assertionsReevaluated: 0 },
  };
  const fail = (finding: Finding) => {
    result.failures.push(finding);
    if (finding.check !== 'reveal') result.checks[finding.check] = 'failed';
  };
  const warn = (finding: Finding) => result.warnings.push(finding);

  // A public key given on the command line is a usage matter: a bad one throws before any check.
  const trusted = options.pubkey ? loadPublicKey(options.pubkey) : undefined;

  const manifest = parseJson(pack.files.get(MANIFEST_FILE)) as PackManifest | undefined;
  if (!manifest || manifest.format !== 'reos-evidence-pack' || !Array.isArray(manifest.files)) {
    fail({ check: 'files', file: MANIFEST_FILE, message: `${MANIFEST_FILE} is not a readable reos-evidence-pack manifest, so no file can be checked against it` });
    if (trusted) fail({ check: 'signature', file: MANIFEST_FILE, message: 'the signature cannot be checked: the manifest it signs is unreadable' });
  } else {
    checkFiles(pack, manifest, fail);
    checkSignature(pack, manifest, trusted, result, fail, warn);
  }

  const summary = parseJson(pack.files.get(SUMMARY_FILE)) as PackSummary | undefined;
  if (!summary || summary.format !== 'reos-evidence-summary' || !Array.isArray(summary.scenarios)) {
    fail({ check: 'verdict', file: SUMMARY_FILE, message: `${SUMMARY_FILE} is not a readable reos-evidence-summary, so the verdict cannot be recomputed` });
    fail({ check: 'assertions', file: SUMMARY_FILE, message: `${SUMMARY_FILE} is unreadable, so the transcripts it lists cannot be found` });
  } else {
    const statuses = checkAssertions(pack, summary, result, fail, warn);
    checkVerdict(pack, summary, statuses, fail);
    checkCoverage(pack, summary, fail);
  }

  for (const reveal of options.reveals ?? []) {
    const outcome = revealValue(pack, reveal.name, reveal.value);
    result.reveals.push(outcome);
    if (!outcome.ok) {
      fail({
        check: 'reveal',
        message: outcome.matched.length + outcome.unmatched.length === 0
          ? `--reveal ${reveal.name}: the pack has no commitment named "${reveal.name}"`
          : `--reveal ${reveal.name}: the value matches none of the ${outcome.unmatched.length} commitment(s) named "${reveal.name}" (in ${[...new Set(outcome.unmatched.flatMap((u) => u.files))].slice(0, 3).join(', ')})`,
      });
    }
  }
  result.ok = result.failures.length === 0;
  return result;
}

function checkFiles(pack: PackFiles, manifest: PackManifest, fail: (f: Finding) => void): void {
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    listed.add(entry.path);
    const bytes = pack.files.get(entry.path);
    if (!bytes) {
      fail({ check: 'files', file: entry.path, message: `${entry.path} is listed in ${MANIFEST_FILE} but missing from the pack` });
      continue;
    }
    const actual = sha256(bytes);
    if (actual !== entry.sha256) fail({ check: 'files', file: entry.path, message: `${entry.path}: SHA-256 is ${actual}, ${MANIFEST_FILE} says ${entry.sha256}` });
    else if (bytes.length !== entry.size) fail({ check: 'files', file: entry.path, message: `${entry.path}: ${bytes.length} bytes, ${MANIFEST_FILE} says ${entry.size}` });
  }
  for (const file of pack.files.keys()) {
    if (!listed.has(file) && !UNLISTED_FILES.includes(file)) fail({ check: 'files', file, message: `${file} is in the pack but not listed in ${MANIFEST_FILE}` });
  }
}

function checkSignature(pack: PackFiles, manifest: PackManifest, trusted: { key: KeyObject; fingerprint: string } | undefined, result: PackVerification, fail: (f: Finding) => void, warn: (f: Finding) => void): void {
  const signatureBytes = pack.files.get(SIGNATURE_FILE);
  const recorded = manifest.signature;
  if (!recorded) {
    if (signatureBytes) fail({ check: 'signature', file: SIGNATURE_FILE, message: `${SIGNATURE_FILE} is present but ${MANIFEST_FILE} records no signature` });
    else if (trusted) fail({ check: 'signature', file: MANIFEST_FILE, message: `the pack is not signed, but --pubkey (${trusted.fingerprint}) requires a signature by that key` });
    return;
  }
  result.checks.signature = 'passed';
  if (!signatureBytes) {
    fail({ check: 'signature', file: SIGNATURE_FILE, message: `${MANIFEST_FILE} records a signature but ${SIGNATURE_FILE} is missing` });
    return;
  }
  let key: KeyObject;
  if (trusted) {
    if (trusted.fingerprint !== recorded.keyFingerprint) {
      fail({ check: 'signature', file: MANIFEST_FILE, message: `the pack says it was signed by key ${recorded.keyFingerprint}, not by the given --pubkey ${trusted.fingerprint}` });
    }
    key = trusted.key;
    result.signer = { fingerprint: trusted.fingerprint, trusted: 'pubkey' };
  } else {
    let embedded: { key: KeyObject; fingerprint: string };
    try {
      embedded = loadPublicKey(recorded.publicKey);
    } catch {
      fail({ check: 'signature', file: MANIFEST_FILE, message: `the public key recorded in ${MANIFEST_FILE} is not a usable ed25519 key` });
      return;
    }
    if (embedded.fingerprint !== recorded.keyFingerprint) {
      fail({ check: 'signature', file: MANIFEST_FILE, message: `the recorded public key's fingerprint is ${embedded.fingerprint}, the manifest says ${recorded.keyFingerprint}` });
    }
    key = embedded.key;
    result.signer = { fingerprint: embedded.fingerprint, trusted: 'embedded' };
    warn({ check: 'signature', file: MANIFEST_FILE, message: `the signature was checked with the public key the pack carries (${embedded.fingerprint}); pass --pubkey to check WHO signed it` });
  }
  if (!signatureHolds(pack.files.get(MANIFEST_FILE)!, signatureBytes.toString('utf8'), key)) {
    fail({ check: 'signature', file: SIGNATURE_FILE, message: `${SIGNATURE_FILE} is not a valid signature of ${MANIFEST_FILE} by key ${result.signer.fingerprint}: the manifest (or the signature) was changed after signing` });
  }
}

/** Matches recomputed assertions to recorded ones by label, in order (a label can repeat). */
function pairByLabel(recorded: AssertionResult[], recomputed: ReevaluatedAssertion[]) {
  const used = new Set<number>();
  const pairs = recomputed.map((again) => {
    const i = recorded.findIndex((r, n) => !used.has(n) && r.label === again.label);
    if (i >= 0) used.add(i);
    return { again, recorded: i >= 0 ? recorded[i] : undefined };
  });
  return { pairs, unmatched: recorded.filter((_, n) => !used.has(n)) };
}

const describe = (a: AssertionResult) => `${a.passed ? 'passed' : 'failed'} (expected ${canonical(a.expected)}, actual ${canonical(a.actual)})`;

/** Re-evaluates every step; returns each scenario's recomputed status (by index in summary.json). */
function checkAssertions(pack: PackFiles, summary: PackSummary, result: PackVerification, fail: (f: Finding) => void, warn: (f: Finding) => void): ScenarioStatus[] {
  const logs = (pack.files.get('logs/api.jsonl')?.toString('utf8') ?? '').split('\n').filter((l) => l !== '');
  const openapi = parseJson(pack.files.get('openapi.json'));
  return summary.scenarios.map((scenario) => {
    const stepStatuses: StepStatus[] = [];
    for (const row of scenario.steps) {
      result.stats.steps++;
      const where = { scenario: scenario.name, step: row.id, file: row.transcript };
      const transcript = parseJson(pack.files.get(row.transcript)) as Transcript | undefined;
      if (!transcript || transcript.format !== 'reos-transcript' || !transcript.step || !Array.isArray(transcript.step.assertions)) {
        fail({ check: 'assertions', ...where, message: `${row.transcript} (step ${row.id} of scenario ${scenario.name}) is ${pack.files.has(row.transcript) ? 'not a readable transcript' : 'missing'}` });
        stepStatuses.push(row.status);
        continue;
      }
      const step = transcript.step;
      if (step.id !== row.id || step.kind !== row.kind) fail({ check: 'assertions', ...where, message: `${row.transcript} records step ${step.kind} "${step.id}", summary.json lists ${row.kind} "${row.id}"` });
      if (transcript.scenario?.name !== scenario.name || transcript.scenario?.status !== scenario.status) {
        fail({ check: 'assertions', ...where, message: `${row.transcript} records scenario "${transcript.scenario?.name}" as ${transcript.scenario?.status}, summary.json says "${scenario.name}" ${scenario.status}` });
      }
      const status = reevaluateStep(step, { logs, openapi }, where, result, fail, warn);
      if (status !== step.status) {
        fail({ check: 'assertions', ...where, message: `step ${step.id} of scenario ${scenario.name} is recorded as ${step.status}, but its assertions make it ${status}` });
      }
      if (row.status !== step.status) fail({ check: 'assertions', ...where, message: `summary.json says step ${row.id} of scenario ${scenario.name} ${row.status}, its transcript says ${step.status}` });
      const failed = step.assertions.filter((a) => !a.passed).map((a) => a.label);
      const listed = (row.failures ?? []).map((f) => f.label);
      if (canonical(failed) !== canonical(listed)) fail({ check: 'assertions', ...where, message: `summary.json lists failed assertions ${canonical(listed)} for step ${row.id} of scenario ${scenario.name}, its transcript ${canonical(failed)}` });
      stepStatuses.push(status);
    }
    const recomputed = scenarioStatusOf(stepStatuses);
    // A scenario with no steps run (bail, missing capability) keeps its recorded state.
    const status = scenario.steps.length === 0 ? scenario.status : recomputed;
    if (status !== scenario.status) fail({ check: 'assertions', scenario: scenario.name, file: SUMMARY_FILE, message: `scenario ${scenario.name} is recorded as ${scenario.status}, but its steps make it ${status}` });
    return status;
  });
}

/** The runner's rule (src/runner/scenario.ts scenarioStatus). */
function scenarioStatusOf(steps: StepStatus[]): ScenarioStatus {
  if (steps.some((s) => s === 'failed' || s === 'error')) return 'failed';
  return steps.length > 0 && steps.every((s) => s === 'skipped') ? 'skipped' : 'passed';
}

/** One step: its recomputed status (the recorded one when it cannot be recomputed). */
function reevaluateStep(step: StepResult, ctx: ReevaluationContext, where: { scenario: string; step: string; file: string }, result: PackVerification, fail: (f: Finding) => void, warn: (f: Finding) => void): StepStatus {
  const label = `scenario ${where.scenario}, step ${where.step}`;
  const note = (assertion: string, why: string) => result.notReevaluated.push({ scenario: where.scenario, step: where.step, kind: step.kind, assertion, why });
  if (step.status === 'skipped' || step.status === 'error') {
    if (step.assertions.some((a) => !a.passed) && step.status === 'skipped') fail({ check: 'assertions', ...where, message: `${label} is recorded as skipped but has failed assertions` });
    return step.status;
  }
  const kind = checkKinds.get(step.kind);
  if (!kind?.reevaluate) {
    for (const a of step.assertions) note(a.label, kind ? `the ${step.kind} kind has no re-evaluation hook` : `unknown check kind "${step.kind}"`);
    warn({ check: 'assertions', ...where, message: `${label}: not re-evaluated (${kind ? `the ${step.kind} kind has no re-evaluation hook` : `unknown kind ${step.kind}`}); its ${step.assertions.length} recorded assertion(s) are taken as recorded` });
    return step.assertions.every((a) => a.passed) ? 'passed' : 'failed';
  }
  let evaluation;
  try {
    evaluation = kind.reevaluate(step, ctx);
  } catch (error) {
    fail({ check: 'assertions', ...where, message: `${label}: the recorded step cannot be re-evaluated (${(error as Error).message})` });
    return step.status;
  }
  result.stats.stepsReevaluated++;
  for (const problem of evaluation.problems ?? []) fail({ check: 'assertions', ...where, message: `${label}: ${problem}` });
  const { pairs, unmatched } = pairByLabel(step.assertions, evaluation.assertions);
  const outcomes: boolean[] = [];
  for (const { again, recorded } of pairs) {
    result.stats.assertionsReevaluated++;
    if (!recorded) {
      fail({ check: 'assertions', ...where, assertion: again.label, message: `${label}: assertion "${again.label}" ${describe(again)} when re-evaluated is missing from the transcript` });
      outcomes.push(again.passed);
      continue;
    }
    const sameActual = again.compareActual === false || (canonical(again.actual) === canonical(recorded.actual) && canonical(again.expected) === canonical(recorded.expected));
    if (again.passed === recorded.passed && sameActual) {
      outcomes.push(again.passed);
      continue;
    }
    if (again.redacted || holdsRedaction(recorded.actual) || holdsRedaction(recorded.expected) || holdsRedaction(again.actual) || holdsRedaction(again.expected)) {
      note(recorded.label, 'the comparison involves a redacted value');
      warn({ check: 'assertions', ...where, assertion: recorded.label, message: `${label}: assertion "${recorded.label}" depends on a redacted value and could not be re-evaluated` });
      outcomes.push(recorded.passed);
      continue;
    }
    fail({ check: 'assertions', ...where, assertion: recorded.label, message: `${label}: assertion "${recorded.label}" is recorded as ${describe(recorded)}, but re-evaluated against the recorded response it ${describe(again)}` });
    outcomes.push(again.passed);
  }
  const reasons = new Map((evaluation.notReevaluated ?? []).map((n) => [n.label, n.why]));
  for (const a of unmatched) {
    note(a.label, reasons.get(a.label) ?? reasons.get('*') ?? `the ${step.kind} hook does not recompute this assertion`);
    outcomes.push(a.passed);
  }
  if (unmatched.length > 0) warn({ check: 'assertions', ...where, message: `${label}: ${unmatched.length} assertion(s) not re-evaluated (${unmatched.map((a) => `"${a.label}"`).join(', ')})` });
  return outcomes.every(Boolean) ? 'passed' : 'failed';
}

function checkVerdict(pack: PackFiles, summary: PackSummary, statuses: ScenarioStatus[], fail: (f: Finding) => void): void {
  const again = computeVerdict({
    stackReady: summary.stackReady,
    requiredAreas: summary.requiredAreas ?? [],
    scenarios: summary.scenarios.map((s, i) => ({ name: s.name, area: s.area, severity: s.severity, status: statuses[i] ?? s.status })),
  });
  if (again.verdict !== summary.verdict) fail({ check: 'verdict', file: SUMMARY_FILE, message: `summary.json says ${summary.verdict}, the recorded evidence gives ${again.verdict} (${again.reasons.join('; ')})` });
  if (again.confidence !== summary.confidence) fail({ check: 'verdict', file: SUMMARY_FILE, message: `summary.json says confidence ${summary.confidence}, the recorded evidence gives ${again.confidence}` });
  else if (again.verdict === summary.verdict && canonical(again.reasons) !== canonical(summary.reasons)) {
    fail({ check: 'verdict', file: SUMMARY_FILE, message: `summary.json gives the reasons ${canonical(summary.reasons)}, the recorded evidence ${canonical(again.reasons)}` });
  }
  const markdown = pack.files.get('SUMMARY.md');
  if (!markdown) fail({ check: 'verdict', file: 'SUMMARY.md', message: 'SUMMARY.md is missing' });
  else {
    let expected: string | undefined;
    try {
      expected = renderSummaryMarkdown(summary);
    } catch {
      expected = undefined;
    }
    if (expected !== markdown.toString('utf8')) fail({ check: 'verdict', file: 'SUMMARY.md', message: 'SUMMARY.md does not say what summary.json says (re-rendered from summary.json, the bytes differ)' });
  }
}

/**
 * The operation coverage recomputed from openapi.json and every transcript's exchanges, against
 * summary.json's; and inventory.json, when present, must be an inventory document.
 */
function checkCoverage(pack: PackFiles, summary: PackSummary, fail: (f: Finding) => void): void {
  const scenarios = summary.scenarios.map((s) => ({
    steps: s.steps.map((row) => ({ exchanges: (parseJson(pack.files.get(row.transcript)) as Transcript | undefined)?.step?.exchanges ?? [] })),
  }));
  const again = computeCoverage(parseJson(pack.files.get('openapi.json')), scenarios);
  if (canonical(again) !== canonical(summary.coverage)) {
    const say = (c: OperationCoverage | undefined) => (c ? describeCoverage(c) : 'no coverage');
    const detail = again && summary.coverage && again.exercised === summary.coverage.exercised ? ' (the uncovered lists differ)' : '';
    fail({ check: 'verdict', file: SUMMARY_FILE, message: `summary.json says ${say(summary.coverage)}, the transcripts and openapi.json give ${say(again)}${detail}` });
  }
  if (pack.files.has(INVENTORY_FILE) && !asInventoryReport(parseJson(pack.files.get(INVENTORY_FILE)))) {
    fail({ check: 'files', file: INVENTORY_FILE, message: `${INVENTORY_FILE} is not a ${INVENTORY_FORMAT} document` });
  }
}

/** Every commitment of `name` in the pack's text files, checked against `value`. */
export function revealValue(pack: PackFiles, name: string, value: string): RevealResult {
  const commitments = new Map<string, { salt: string; hash: string; files: Set<string>; occurrences: number }>();
  for (const [file, bytes] of pack.files) {
    const text = bytes.toString('utf8');
    for (const m of text.matchAll(MARKER)) {
      if (m[1] !== name) continue;
      const entry = commitments.get(m[2]) ?? { salt: m[2], hash: m[3], files: new Set<string>(), occurrences: 0 };
      entry.files.add(file);
      entry.occurrences++;
      commitments.set(m[2], entry);
    }
  }
  const matched: RevealResult['matched'] = [];
  const unmatched: RevealResult['unmatched'] = [];
  for (const c of commitments.values()) {
    const row = { salt: c.salt, files: [...c.files].sort(), occurrences: c.occurrences };
    (commitment(c.salt, value) === c.hash ? matched : unmatched).push(row);
  }
  return { name, ok: matched.length > 0, matched, unmatched };
}
