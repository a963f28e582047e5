/**
 * `summary.json`: the finished, redacted result of a run as one document: verdict, confidence,
 * reasons, counts, and one row per scenario and step with its transcript's path and its failed
 * assertions. Every reporter (SUMMARY.md, junit.xml, the terminal, `--json`) reads this.
 */
import type { AssertionResult, RunEnvironment, RunResult, ScenarioStatus, Severity, StepStatus, Verdict } from '../model.js';
import { computeVerdict } from '../verdict/index.js';
import { computeCoverage, type OperationCoverage } from './coverage.js';
import { transcriptPaths } from './layout.js';

export interface StatusCounts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface SummaryFailure {
  label: string;
  op: string;
  expected: unknown;
  actual: unknown;
  message?: string;
}

export interface SummaryStep {
  id: string;
  name: string;
  kind: string;
  status: StepStatus;
  durationMs: number;
  reason?: string;
  /** Relative to the pack root. */
  transcript: string;
  failures: SummaryFailure[];
}

export interface SummaryScenario {
  name: string;
  area: string;
  severity: Severity;
  status: ScenarioStatus;
  file: string;
  durationMs: number;
  steps: SummaryStep[];
}

export interface PackSummary {
  format: 'reos-evidence-summary';
  formatVersion: 1;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  verdict: Verdict;
  confidence: number;
  reasons: string[];
  stackReady: boolean;
  requiredAreas: string[];
  environment: RunEnvironment;
  counts: { scenarios: StatusCounts; steps: StatusCounts };
  /** Documented operations the recorded exchanges exercised (information only; absent without an OpenAPI document). */
  coverage?: OperationCoverage;
  scenarios: SummaryScenario[];
}

function count<T extends { status: string }>(items: T[]): StatusCounts {
  const counts = { total: items.length, passed: 0, failed: 0, skipped: 0 };
  for (const item of items) {
    if (item.status === 'passed') counts.passed++;
    else if (item.status === 'skipped') counts.skipped++;
    else counts.failed++; // failed and error
  }
  return counts;
}

function failuresOf(assertions: AssertionResult[]): SummaryFailure[] {
  return assertions
    .filter((a) => !a.passed)
    .map((a) => ({ label: a.label, op: a.op, expected: a.expected, actual: a.actual, ...(a.message ? { message: a.message } : {}) }));
}

/**
 * Builds the summary of a (redacted) run; `displayFile` turns scenario paths into shown ones;
 * `paths` are the transcripts' (from the run before redaction: ids and names are not secrets).
 */
export function buildSummary(run: RunResult, options: { requiredAreas: string[]; displayFile?: (file: string) => string; paths?: string[][] }): PackSummary {
  const show = options.displayFile ?? ((f: string) => f);
  const paths = options.paths ?? transcriptPaths(run);
  const verdict = computeVerdict({ stackReady: run.stackReady, scenarios: run.scenarios, requiredAreas: options.requiredAreas });
  const steps = run.scenarios.flatMap((s) => s.steps);
  const coverage = computeCoverage(run.openapi, run.scenarios);
  return {
    format: 'reos-evidence-summary',
    formatVersion: 1,
    runId: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)),
    verdict: verdict.verdict,
    confidence: verdict.confidence,
    reasons: verdict.reasons,
    stackReady: run.stackReady,
    requiredAreas: options.requiredAreas,
    environment: run.environment,
    counts: { scenarios: count(run.scenarios), steps: count(steps) },
    ...(coverage ? { coverage } : {}),
    scenarios: run.scenarios.map((scenario, si) => ({
      name: scenario.name,
      area: scenario.area,
      severity: scenario.severity,
      status: scenario.status,
      file: show(scenario.file),
      durationMs: scenario.durationMs,
      steps: scenario.steps.map((step, i) => ({
        id: step.id,
        name: step.name,
        kind: step.kind,
        status: step.status,
        durationMs: step.durationMs,
        ...(step.reason ? { reason: step.reason } : {}),
        transcript: paths[si][i],
        failures: failuresOf(step.assertions),
      })),
    })),
  };
}
