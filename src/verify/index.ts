/**
 * `reos verify` as a library: select scenarios, bring up the embedded stack (or probe the
 * --target URLs), run, fetch the OpenAPI document and the inventory, stop, then write the evidence pack and
 * decide the exit code. Invalid scenarios stop everything before any of that (exit 2, no
 * pack); an unreachable stack or target still produces a pack (NO-GO, exit 3).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { ScenarioDefinition, RunResult } from '../model.js';
import { EXIT } from '../errors.js';
import type { EnvMap } from '../runtime/env.js';
import { displayPath, gitCommit, writeEvidencePack, type NamedSecret, type PackSigner, type PackSummary } from '../evidence/index.js';
import { createRedactor } from '../evidence/redact.js';
import type { ProgressFactory } from '../report/terminal/progress.js';
import { SHIPPED_REQUIRED_AREAS } from '../verdict/index.js';
import { embeddedStackConfig, operatorToken, preloadEmbeddedStack, type EmbeddedStack } from './embedded.js';
import { FUZZ_BUDGET, fuzzScenario, startFuzzStack } from './fuzz.js';
import { notRunResults } from './not-run.js';
import { fetchOpenApi } from './openapi.js';
import { inventoryAccess, inventoryAfterRun } from '../inventory/for-run.js';
import { unreadableInventory } from '../inventory/report.js';
import { loadSelectedScenarios, nothingSelected } from './select.js';
import { bringUpTarget } from './target.js';

export type FailOn = 'no-go' | 'conditional';

export interface VerifyOptions {
  cwd: string;
  env: EnvMap;
  version: string;
  /** Running deployments to verify; empty starts the embedded stack. */
  targets: string[];
  /** Scenario paths or globs; empty runs the shipped scenarios. */
  scenarios: string[];
  areas: string[];
  tags: string[];
  /** Areas a GO must cover; default: health, auth, flows for the shipped scenarios, none otherwise. */
  requiredAreas?: string[];
  bail: boolean;
  concurrency: number;
  /** The evidence root folder. */
  out: string;
  readyTimeoutMs: number;
  /** The MailHog API of a --target's mail (default: the target's host on port 8025). */
  mailUrl?: string;
  failOn: FailOn;
  signal?: AbortSignal;
  /** Signs the pack's manifest (from --sign-key or REOS_SIGNING_KEY, loaded before the run). */
  signer?: PackSigner;
  /**
   * The --targets' API log lines, when the caller collects them (a test that started the
   * replicas reads their stdout): `logs` steps then run against a target too. The array may grow.
   */
  targetLogs?: string[];
  /** Adds the generated contract-fuzz scenario: this many valid and malformed requests per operation (src/verify/fuzz.ts). */
  fuzz?: number;
}

export interface VerifyHooks {
  /** Progress while scenarios run (terminal reporter). */
  progress?: ProgressFactory;
  /** Stage messages: what is being started, what is ready. */
  onStage?(message: string): void;
}

export interface VerifyOutcome {
  summary: PackSummary;
  pack: { name: string; dir: string; zip: string };
  exitCode: number;
  /** Set when the stack or target was not ready (exit 3). */
  problem?: string;
}

export async function verify(options: VerifyOptions, hooks: VerifyHooks = {}): Promise<VerifyOutcome> {
  const stage = hooks.onStage ?? (() => undefined);
  const embedded = options.targets.length === 0;
  const stackConfig = embedded ? await embeddedStackConfig(options.env, options.version) : undefined;
  const commit = gitCommit(options.cwd);
  const started = new Date();
  // The stack's modules load while the scenarios do; the stack itself starts only once they
  // are valid, so a bad file is reported at once and never waits for a database to boot.
  const preload = embedded ? preloadEmbeddedStack() : undefined;
  const selection = await loadSelectedScenarios({ patterns: options.scenarios, areas: options.areas, tags: options.tags, cwd: options.cwd });
  if (selection.scenarios.length === 0) throw nothingSelected(options, selection.loaded);
  const requiredAreas = options.requiredAreas ?? (selection.shipped ? [...SHIPPED_REQUIRED_AREAS] : []);

  stage(embedded ? 'Starting the embedded stack (in-memory database)' : `Probing ${options.targets.join(', ')}`);
  await preload;
  const target = await bringUpTarget({ targets: options.targets, stackConfig, readyTimeoutMs: options.readyTimeoutMs, mailUrl: options.mailUrl, signal: options.signal });
  if (!embedded && options.targetLogs) target.logs = options.targetLogs;
  stage(target.ready ? target.description : `Not ready: ${target.problem}`);

  let run: RunResult;
  let fuzzStack: EmbeddedStack | undefined;
  try {
    const label = target.mode === 'embedded' ? 'embedded' : target.baseUrls[0];
    const access = !target.ready ? {} : stackConfig ? { token: await operatorToken(stackConfig) } : await inventoryAccess(target.baseUrls[0], options.env, await fetchOpenApi(target.baseUrls[0]));
    let selected = selection.scenarios;
    if (options.fuzz && target.ready) {
      fuzzStack = stackConfig ? await startFuzzStack(stackConfig) : undefined;
      if (fuzzStack) stage(`The fuzz's own stack (rate limits raised to ${FUZZ_BUDGET}/min) on ${fuzzStack.url}`);
      selected = [...selected, fuzzScenario({ requests: options.fuzz, ...(fuzzStack ? { target: fuzzStack.url } : {}) })];
    }
    const scenarios = target.ready ? await runSelected(selected, options, target, hooks) : notRunResults(selection.scenarios, `not run: ${target.problem}`, started);
    const openapi = target.ready ? await fetchOpenApi(target.baseUrls[0]) : undefined;
    const inventory = target.ready ? await inventoryAfterRun(target.baseUrls[0], { access, openapi, label }) : unreadableInventory(label || 'the target', `the target was not ready (${target.problem})`);
    run = {
      id: crypto.randomUUID(),
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      environment: {
        reosVersion: options.version,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        target: target.mode === 'embedded' ? 'embedded' : options.targets.join(', '),
        mode: target.mode,
        gitCommit: await commit,
      },
      stackReady: target.ready,
      scenarios,
      logs: [],
      ...(openapi === undefined ? {} : { openapi }),
      inventory,
    };
  } finally {
    await fuzzStack?.close();
    await target.stop();
  }
  run.logs = [...(target.logs ?? [])];

  const show = (file: string) => displayPath(file, options.cwd);
  const scenarioFiles = uniqueFiles(selection.scenarios).map((s) => ({ path: show(s.file), sha256: s.fileSha256 }));
  const pack = await writeEvidencePack(
    { run, requiredAreas, scenarioFiles, secrets: [...target.secrets.map((value) => ({ name: 'jwt_secret', value })), ...envSecrets(options.env)], displayFile: show },
    { root: path.resolve(options.cwd, options.out), gitCommit: run.environment.gitCommit, signer: options.signer },
  );
  return { summary: pack.summary, pack: { name: pack.name, dir: pack.dir, zip: pack.zip }, exitCode: exitCodeFor(pack.summary, options.failOn), problem: target.problem };
}

async function runSelected(scenarios: ScenarioDefinition[], options: VerifyOptions, target: { baseUrls: string[]; logs?: string[]; mailUrl?: string; mailProblem?: string; secrets: string[] }, hooks: VerifyHooks) {
  const { runScenarios } = await import('../runner/index.js');
  const redactor = createRedactor({ secrets: target.secrets });
  const progress = hooks.progress?.(scenarios, { redact: (text) => redactor.text(text) });
  const logs = target.logs;
  try {
    const result = await runScenarios(
      scenarios,
      {
        baseUrls: target.baseUrls,
        concurrency: options.concurrency,
        bail: options.bail,
        env: options.env,
        runId: crypto.randomUUID(),
        ...(logs ? { logs: () => logs } : {}),
        mailUrl: target.mailUrl,
        mailProblem: target.mailProblem,
        signal: options.signal,
      },
      progress?.listener,
    );
    return result.scenarios;
  } finally {
    await progress?.finish();
  }
}

/** Environment (and .env) values whose names say they are secret; redacted and scanned for under that name. */
export function envSecrets(env: EnvMap): NamedSecret[] {
  return Object.entries(env)
    .filter(([name, value]) => /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_KEY|SIGNING_KEY)/i.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([name, value]) => ({ name: name.toLowerCase(), value: value as string }));
}

function uniqueFiles(scenarios: ScenarioDefinition[]): ScenarioDefinition[] {
  const seen = new Set<string>();
  return scenarios.filter((s) => !seen.has(s.file) && seen.add(s.file));
}

/** 3 when never ready; 1 on NO-GO (and on CONDITIONAL GO with --fail-on conditional); else 0. */
export function exitCodeFor(summary: Pick<PackSummary, 'verdict' | 'stackReady'>, failOn: FailOn): number {
  if (!summary.stackReady) return EXIT.unreachable;
  if (summary.verdict === 'NO-GO') return EXIT.failed;
  if (summary.verdict === 'CONDITIONAL GO' && failOn === 'conditional') return EXIT.failed;
  return EXIT.ok;
}
