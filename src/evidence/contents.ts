/**
 * Everything a pack contains, as bytes, built from a run without touching the disk: the run is
 * redacted first (`redactRun`), and every file below is derived from the redacted copy, so no
 * path can write a secret. The writer only decides where and how atomically these land.
 */
import type { RunResult } from '../model.js';
import { INVENTORY_FILE } from '../inventory/report.js';
import { renderHtmlReport, REPORT_FILE } from '../report/html/index.js';
import { renderJunit } from '../report/junit/index.js';
import { renderSummaryMarkdown } from '../report/markdown/index.js';
import { transcriptPaths } from './layout.js';
import { buildManifest, describeFile, MANIFEST_FILE, type PackManifest } from './manifest.js';
import { createRedactor, redactRun, type NamedSecret } from './redact.js';
import { assertNoSecrets } from './scan.js';
import { SIGNATURE_ALGORITHM, SIGNATURE_FILE, type PackSigner } from './sign.js';
import { buildSummary, type PackSummary } from './summary.js';

export interface PackInput {
  /** The run as recorded: NOT redacted yet (this module does it). */
  run: RunResult;
  requiredAreas: string[];
  /** The scenario files that were loaded, paths as shown, with their SHA-256. */
  scenarioFiles: Array<{ path: string; sha256: string }>;
  /** Values known to be secret wherever they appear (the stack's JWT secret, .env secrets ...); a name shows in the marker. */
  secrets: Array<string | NamedSecret>;
  /** Turns a scenario file path into the one shown in the pack (relative to the cwd). */
  displayFile?: (file: string) => string;
}

export interface PackFile {
  path: string;
  data: Buffer;
}

export interface PackContents {
  summary: PackSummary;
  manifest: PackManifest;
  /** Every file including manifest.json (last), paths relative to the pack root. */
  files: PackFile[];
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/**
 * Throws, before anything is written, when a known secret survived redaction
 * (EVIDENCE_SECRET_FOUND); with a `signer`, manifest.sig signs manifest.json's bytes.
 */
export function buildPackContents(input: PackInput, options: { createdAt: Date; gitCommit?: string; signer?: PackSigner }): PackContents {
  const paths = transcriptPaths(input.run);
  const redactor = createRedactor({ secrets: input.secrets });
  const run = redactRun(input.run, { redactor });
  const summary = buildSummary(run, { requiredAreas: input.requiredAreas, displayFile: input.displayFile, paths });
  const files: PackFile[] = [];

  run.scenarios.forEach((scenario, si) => {
    const context = { name: scenario.name, area: scenario.area, severity: scenario.severity, file: summary.scenarios[si].file, status: scenario.status };
    scenario.steps.forEach((step, i) => {
      files.push({ path: paths[si][i], data: json({ format: 'reos-transcript', formatVersion: 1, runId: run.id, scenario: context, index: i + 1, step }) });
    });
  });
  if (run.openapi !== undefined) files.push({ path: 'openapi.json', data: json(run.openapi) });
  if (run.inventory !== undefined) files.push({ path: INVENTORY_FILE, data: json(run.inventory) });
  files.push({ path: 'logs/api.jsonl', data: Buffer.from(run.logs.map((line) => `${line}\n`).join(''), 'utf8') });
  files.push({ path: 'summary.json', data: json(summary) });
  files.push({ path: 'SUMMARY.md', data: Buffer.from(renderSummaryMarkdown(summary), 'utf8') });
  files.push({ path: 'junit.xml', data: Buffer.from(renderJunit(summary), 'utf8') });
  files.push({ path: REPORT_FILE, data: Buffer.from(renderHtmlReport({ summary, files }), 'utf8') });

  const manifest = buildManifest({
    reosVersion: run.environment.reosVersion,
    createdAt: options.createdAt.toISOString(),
    runId: run.id,
    gitCommit: options.gitCommit ?? run.environment.gitCommit ?? null,
    environment: run.environment,
    scenarioFiles: input.scenarioFiles,
    files: files.map((f) => describeFile(f.path, f.data)),
    ...(options.signer ? { signature: { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: options.signer.fingerprint, publicKey: options.signer.publicKeyPem, file: SIGNATURE_FILE } } : {}),
  });
  const manifestBytes = json(manifest);
  files.push({ path: MANIFEST_FILE, data: manifestBytes });
  if (options.signer) files.push({ path: SIGNATURE_FILE, data: Buffer.from(`${options.signer.sign(manifestBytes).toString('base64')}\n`, 'utf8') });
  assertNoSecrets(files, redactor.secrets());
  return { summary, manifest, files };
}
