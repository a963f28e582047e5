/**
 * SUMMARY.md: the pack's human page. Verdict and why, the environment, counts, one row per
 * scenario, then one table per scenario with a row per step linking to its transcript, and
 * each failed assertion with expected vs actual. Reads only the finished `PackSummary`.
 */
import type { PackSummary, SummaryScenario, StatusCounts } from '../../evidence/summary.js';
import { describeCoverage } from '../../evidence/coverage.js';
import { formatDuration, formatFailure } from '../format.js';

const ICON: Record<string, string> = { passed: '✅ passed', failed: '❌ failed', error: '💥 error', skipped: '⏭️ skipped' };

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Text safe inside an inline code span (backticks cannot be escaped, so they are widened). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${text.replace(/\r?\n/g, ' ')}${longest ? ' ' : ''}${fence}`;
}

const countsRow = (label: string, c: StatusCounts) => `| ${label} | ${c.total} | ${c.passed} | ${c.failed} | ${c.skipped} |`;

function scenarioSection(s: SummaryScenario): string[] {
  const lines = [`### ${cell(s.area)} / ${cell(s.name)} (${s.severity}): ${ICON[s.status] ?? s.status}`, '', `Scenario file: ${code(s.file)}`, ''];
  if (s.steps.length === 0) return [...lines, '_No step recorded._', ''];
  lines.push('| # | Step | Kind | Status | Duration | Transcript |', '|---|---|---|---|---|---|');
  s.steps.forEach((step, i) => {
    const status = `${ICON[step.status] ?? step.status}${step.reason ? `: ${cell(step.reason)}` : ''}`;
    lines.push(`| ${i + 1} | ${cell(step.name || step.id)} | ${step.kind} | ${status} | ${formatDuration(step.durationMs)} | [${step.transcript.split('/').pop()}](${encodeURI(step.transcript)}) |`);
  });
  const failures = s.steps.flatMap((step) => step.failures.map((f) => `- ${code(step.id)}: ${code(formatFailure(f))}`));
  if (failures.length > 0) lines.push('', '**Failed assertions**', '', ...failures);
  return [...lines, ''];
}

function coverageSection(summary: PackSummary): string[] {
  const coverage = summary.coverage;
  if (!coverage) return [];
  const lines = ['## Operation coverage', '', `${describeCoverage(coverage)}. Information only: coverage does not change the verdict.`, ''];
  if (coverage.uncovered.length > 0) lines.push('Not exercised:', '', ...coverage.uncovered.map((op) => `- ${code(op)}`), '');
  return lines;
}

export function renderSummaryMarkdown(summary: PackSummary): string {
  const env = summary.environment;
  const lines = [
    `# Runtime verification: ${summary.verdict}`,
    '',
    '| | |',
    '|---|---|',
    `| Verdict | **${summary.verdict}** |`,
    `| Confidence | ${summary.confidence}% |`,
    `| Stack ready | ${summary.stackReady ? 'yes' : 'no'} |`,
    `| Run | ${code(summary.runId)} |`,
    `| Started (UTC) | ${summary.startedAt} |`,
    `| Duration | ${formatDuration(summary.durationMs)} |`,
    `| Target | ${env.mode === 'embedded' ? 'embedded stack (started by reos in process, in-memory database)' : cell(env.target)} |`,
    `| reos | ${cell(env.reosVersion)} on Node ${cell(env.node)}, ${cell(env.platform)} |`,
    `| Git commit | ${env.gitCommit ? code(env.gitCommit) : 'n/a'} |`,
    `| Required areas | ${summary.requiredAreas.length ? summary.requiredAreas.join(', ') : 'none'} |`,
    '',
    '## Why',
    '',
    ...summary.reasons.map((r) => `- ${r}`),
    '',
    '## Counts',
    '',
    '| | total | passed | failed | skipped |',
    '|---|---|---|---|---|',
    countsRow('Scenarios', summary.counts.scenarios),
    countsRow('Steps', summary.counts.steps),
    '',
    ...coverageSection(summary),
    '## Scenarios',
    '',
    '| Status | Scenario | Area | Severity | Steps | Duration |',
    '|---|---|---|---|---|---|',
    ...summary.scenarios.map((s) => `| ${ICON[s.status] ?? s.status} | ${cell(s.name)} | ${cell(s.area)} | ${s.severity} | ${s.steps.length} | ${formatDuration(s.durationMs)} |`),
    '',
    '## Steps',
    '',
    ...summary.scenarios.flatMap(scenarioSection),
    'Transcripts, `logs/api.jsonl`, `openapi.json`, `inventory.json` and `junit.xml` are beside this file; `manifest.json` holds the SHA-256 of every file.',
    '',
  ];
  return lines.join('\n');
}
