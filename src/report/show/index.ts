/**
 * `reos evidence show`: what a pack says, read back from the pack alone. The verdict and why,
 * one row per area, every failed step with its failed assertions (expected vs actual) and its
 * place in the scenario file, and the slowest steps. `describePack` returns plain data (the
 * `--json` answer); `formatShow` turns it into terminal text.
 */
import type { ReadPack } from '../../evidence/read.js';
import type { SummaryFailure } from '../../evidence/summary.js';
import type { Verdict } from '../../model.js';
import { formatDuration, formatFailure } from '../format.js';
import { checkSummaryShape } from '../summary-shape.js';
import { transcriptStep } from '../transcript.js';

export interface AreaRow {
  area: string;
  scenarios: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface FailedStep {
  area: string;
  scenario: string;
  step: string;
  name: string;
  status: string;
  /** The scenario file and the step's line in it (when the transcript records it). */
  file: string;
  line?: number;
  transcript: string;
  assertions: SummaryFailure[];
  reason?: string;
}

export interface SlowStep {
  area: string;
  scenario: string;
  step: string;
  status: string;
  durationMs: number;
}

export interface PackView {
  pack: { source: string; name: string };
  runId: string;
  startedAt: string;
  durationMs: number;
  target: string;
  reosVersion: string;
  verdict: Verdict;
  confidence: number;
  reasons: string[];
  counts: ReadPack['summary']['counts'];
  areas: AreaRow[];
  failures: FailedStep[];
  slowest: SlowStep[];
}

export function describePack(pack: Pick<ReadPack, 'source' | 'name' | 'files' | 'summary'>, options: { top?: number } = {}): PackView {
  const { summary } = pack;
  checkSummaryShape(pack.source, summary);
  const areas = new Map<string, AreaRow>();
  for (const s of summary.scenarios) {
    const row = areas.get(s.area) ?? { area: s.area, scenarios: 0, passed: 0, failed: 0, skipped: 0 };
    row.scenarios++;
    if (s.status === 'passed') row.passed++;
    else if (s.status === 'skipped') row.skipped++;
    else row.failed++;
    areas.set(s.area, row);
  }
  const failures = summary.scenarios.flatMap((s) =>
    s.steps
      .filter((step) => step.status === 'failed' || step.status === 'error')
      .map((step): FailedStep => {
        const line = transcriptStep(pack.files, step.transcript)?.location?.line;
        return { area: s.area, scenario: s.name, step: step.id, name: step.name, status: step.status, file: s.file, ...(line ? { line } : {}), transcript: step.transcript, assertions: step.failures, ...(step.reason ? { reason: step.reason } : {}) };
      }),
  );
  const slowest = summary.scenarios
    .flatMap((s) => s.steps.filter((step) => step.status !== 'skipped').map((step) => ({ area: s.area, scenario: s.name, step: step.id, status: step.status, durationMs: step.durationMs })))
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, options.top ?? 5);
  return {
    pack: { source: pack.source, name: pack.name },
    runId: summary.runId,
    startedAt: summary.startedAt,
    durationMs: summary.durationMs,
    target: summary.environment.target,
    reosVersion: summary.environment.reosVersion,
    verdict: summary.verdict,
    confidence: summary.confidence,
    reasons: summary.reasons,
    counts: summary.counts,
    areas: [...areas.values()],
    failures,
    slowest,
  };
}

const pad = (text: string | number, width: number) => String(text).padEnd(width);

export function formatShow(view: PackView): string {
  const lines = [
    `Pack        ${view.pack.name} (${view.pack.source})`,
    `Verdict     ${view.verdict}, confidence ${view.confidence}%`,
    ...view.reasons.map((r) => `              - ${r}`),
    `Run         ${view.runId}, started ${view.startedAt}, ${formatDuration(view.durationMs)}, target ${view.target}, reos ${view.reosVersion}`,
    `Scenarios   ${view.counts.scenarios.passed}/${view.counts.scenarios.total} passed, ${view.counts.scenarios.failed} failed, ${view.counts.scenarios.skipped} skipped; steps ${view.counts.steps.passed}/${view.counts.steps.total} passed`,
    '',
    'Areas',
    `  ${pad('area', 14)} ${pad('scenarios', 10)} ${pad('passed', 7)} ${pad('failed', 7)} skipped`,
    ...view.areas.map((a) => `  ${pad(a.area, 14)} ${pad(a.scenarios, 10)} ${pad(a.passed, 7)} ${pad(a.failed, 7)} ${a.skipped}`),
    '',
  ];
  if (view.failures.length === 0) lines.push('Failures    none', '');
  else {
    lines.push(`Failures (${view.failures.length})`);
    for (const f of view.failures) {
      lines.push(`  ${f.area} / ${f.scenario} › ${f.step} ${f.status} (${f.file}${f.line ? `:${f.line}` : ''})`);
      for (const a of f.assertions) lines.push(`    ${formatFailure(a)}`);
      if (f.reason) lines.push(`    ${f.reason}`);
      lines.push(`    transcript: ${f.transcript}`);
    }
    lines.push('');
  }
  lines.push('Slowest steps');
  if (view.slowest.length === 0) lines.push('  none recorded');
  for (const s of view.slowest) lines.push(`  ${formatDuration(s.durationMs).padStart(9)}  ${s.area} / ${s.scenario} › ${s.step} (${s.status})`);
  return lines.join('\n');
}
