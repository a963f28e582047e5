/**
 * `reos demo` as a library: load the show (invalid -> file:line:column, exit 2), run the doctor
 * and show it, bring up the target (unreachable -> exit 3), walk the sections with a driver
 * (interactive or --auto), then record the run as an evidence pack (area `demo`) through the
 * same writer as `reos verify`: secrets shown to the presenter are redacted in the pack.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { RunResult, ScenarioResult, StepResult } from '../model.js';
import { EXIT } from '../errors.js';
import { runDoctor, formatDoctor, type DoctorReport } from '../doctor/index.js';
import { displayPath, gitCommit, writeEvidencePack } from '../evidence/index.js';
import type { EnvMap } from '../runtime/env.js';
import { fetchOpenApi } from '../verify/openapi.js';
import { ScenarioProblemsError } from '../verify/select.js';
import { formatProblem } from '../scenarios/problems.js';
import { autoDriver } from './auto.js';
import { interactiveDriver } from './interactive.js';
import { showBanner } from './present.js';
import { RecordedExchanges } from './recorded.js';
import { ShowRun, type Tally } from './session.js';
import { walkShow } from './show-loop.js';
import { loadShow, shippedShowFile } from './show/load.js';
import type { Show } from './show/types.js';
import { bringUpShowTarget, runningStackUrl } from './target.js';

export interface DemoOptions {
  cwd: string;
  env: EnvMap;
  version: string;
  /** The show file; the shipped run-of-show by default. */
  showFile?: string;
  target?: string;
  /** API port of the embedded stack (0: a free one). */
  port: number;
  mailUrl?: string;
  dataDir: string;
  auto: boolean;
  paceMs: number;
  /** The evidence root: packs are written there and recordings are read from there. */
  out: string;
  readyTimeoutMs: number;
  stepTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface DemoIo {
  write(text: string): void;
  colors: ChalkInstance;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export interface DemoSummary {
  show: string;
  target: string;
  doctor: DoctorReport['counts'];
  sections: Array<{ id: string; title: string; planned_ms: number; live_ms: number; steps: Array<{ id: string; status: StepResult['status']; recorded?: string; reason?: string }> }>;
  tally: Tally;
  quit?: string;
  pack: { name: string; dir: string; zip: string };
  exitCode: number;
}

export async function loadShowOrThrow(file: string, cwd: string): Promise<Show> {
  const { show, problems } = await loadShow(file, cwd);
  if (!show) throw new ScenarioProblemsError(problems, problems.map(formatProblem));
  return show;
}

export async function runDemo(options: DemoOptions, io: DemoIo): Promise<DemoSummary> {
  const c = io.colors;
  const show = await loadShowOrThrow(path.resolve(options.cwd, options.showFile ?? shippedShowFile()), options.cwd);
  const running = options.target ? undefined : await runningStackUrl(options.dataDir);
  const doctor = await runDoctor({ env: options.env, dataDir: options.dataDir, port: options.port || undefined, ports: !options.target && !running && options.port !== 0 });
  io.write(`${c.bold('Pre-show checklist (reos doctor)')}\n${formatDoctor(doctor, c)}`);
  const started = new Date();
  const commit = gitCommit(options.cwd);
  const target = await bringUpShowTarget({ ...options, notice: (m) => io.write(c.yellow(m)) }, running);
  io.write(c.dim(target.description));
  const run = new ShowRun(show, { baseUrls: target.baseUrls, runId: crypto.randomUUID(), env: options.env, mailUrl: options.mailUrl ?? target.mailUrl, logs: target.logs ? () => target.logs! : undefined, stepTimeoutMs: options.stepTimeoutMs, signal: options.signal });
  const root = path.resolve(options.cwd, options.out);
  let quit: string | undefined;
  let openapi: unknown;
  try {
    if (target.ready) {
      io.write(`\n${showBanner(show, target.baseUrls[0], c)}`);
      const driver = options.auto ? autoDriver({ paceMs: options.paceMs, signal: options.signal }) : interactiveDriver({ run, colors: c, write: io.write, env: options.env, input: io.input, output: io.output });
      quit = (await walkShow(run, new RecordedExchanges(root), displayPath(root, options.cwd), driver, { write: io.write, colors: c })).quit;
      openapi = await fetchOpenApi(target.baseUrls[0]).catch(() => undefined);
    } else io.write(c.red(`The target could not be reached: ${target.problem}`));
  } finally {
    await target.stop();
  }
  const scenario = run.result(target.ready ? (quit ?? (options.signal?.aborted ? 'the show was interrupted' : undefined)) : `not run: ${target.problem}`);
  const result: RunResult = {
    id: crypto.randomUUID(),
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    environment: { reosVersion: options.version, node: process.version, platform: `${process.platform} ${process.arch}`, target: target.kind === 'embedded' ? 'embedded' : target.baseUrls.join(', '), mode: target.kind === 'embedded' ? 'embedded' : 'target', gitCommit: await commit },
    stackReady: target.ready,
    scenarios: [scenario],
    logs: [...(target.logs ?? [])],
    ...(openapi === undefined ? {} : { openapi }),
  };
  const pack = await writeEvidencePack(
    { run: result, requiredAreas: [], scenarioFiles: [{ path: displayPath(path.resolve(options.cwd, show.file), options.cwd), sha256: show.fileSha256 }], secrets: target.secrets, displayFile: (f) => displayPath(path.resolve(options.cwd, f), options.cwd) },
    { root, gitCommit: result.environment.gitCommit },
  );
  const liveFailed = scenario.steps.some((s) => s.status === 'failed' || s.status === 'error');
  const exitCode = !target.ready ? EXIT.unreachable : liveFailed ? EXIT.failed : EXIT.ok;
  io.write(`\n${c.bold('Evidence of this demo:')} ${displayPath(pack.dir, options.cwd)} (and .zip)`);
  return { ...summarize(show, scenario, run.tally()), target: target.baseUrls[0] ?? options.target ?? 'embedded', doctor: doctor.counts, ...(quit ? { quit } : {}), pack: { name: pack.name, dir: pack.dir, zip: pack.zip }, exitCode };
}

/** Per section, each step's live status and the recording shown for it (the --json summary). */
function summarize(show: Show, scenario: ScenarioResult, tally: Tally): Pick<DemoSummary, 'show' | 'sections' | 'tally'> {
  return {
    show: show.name,
    sections: show.sections.map((section) => {
      const steps = section.steps.map((def) => scenario.steps.find((s) => s.id === def.id)!);
      return {
        id: section.id,
        title: section.title,
        planned_ms: section.plannedMs,
        live_ms: Math.round(steps.reduce((sum, s) => sum + s.durationMs, 0)),
        steps: steps.map((s) => {
          const fallback = (s.details as { fallback?: { pack: string } } | undefined)?.fallback;
          return { id: s.id, status: s.status, ...(fallback ? { recorded: fallback.pack } : {}), ...(s.reason ? { reason: s.reason } : {}) };
        }),
      };
    }),
    tally,
  };
}
