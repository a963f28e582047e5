/**
 * report.html: the pack as one self-contained page an auditor can open offline. Verdict banner,
 * a table by area and scenario, a latency chart (inline SVG), every step's request and response
 * (collapsible), and the SHA-256 of every other file. No script at all, one inline stylesheet,
 * and a Content-Security-Policy that forbids fetching anything, so the page can neither run
 * code from a transcript nor reach the network. Every piece of text is escaped.
 *
 * The manifest is written after this page (it hashes the page), so the page lists the hashes of
 * every file except itself and manifest.json, computed from the same bytes the pack holds.
 */
import { describeCoverage } from '../../evidence/coverage.js';
import { describeFile, MANIFEST_FILE } from '../../evidence/manifest.js';
import type { PackSummary, SummaryScenario } from '../../evidence/summary.js';
import { formatDuration, formatFailure } from '../format.js';
import { transcriptStep } from '../transcript.js';
import { latencyChart } from './chart.js';
import { escapeHtml as h } from './escape.js';
import { stepBlock } from './step.js';
import { REPORT_CSS } from './style.js';

export const REPORT_FILE = 'report.html';

export interface HtmlReportInput {
  summary: PackSummary;
  /** The pack's other files (transcripts included), as they are written. */
  files: ReadonlyArray<{ path: string; data: Uint8Array }>;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";
const BANNER: Record<string, string> = { GO: 'go', 'CONDITIONAL GO': 'conditional', 'NO-GO': 'nogo' };

const scenarioAnchor = (si: number) => `scenario-${si + 1}`;
const stepAnchor = (si: number, i: number) => `scenario-${si + 1}-step-${i + 1}`;
const count = (s: SummaryScenario, status: string) => s.steps.filter((step) => (status === 'failed' ? step.status === 'failed' || step.status === 'error' : step.status === status)).length;

function areaTable(summary: PackSummary): string {
  const areas = [...new Set(summary.scenarios.map((s) => s.area))];
  const rows = areas.flatMap((area) =>
    summary.scenarios
      .map((s, si) => ({ s, si }))
      .filter(({ s }) => s.area === area)
      .map(({ s, si }, i, all) => {
        const areaCell = i === 0 ? `<td rowspan="${all.length}">${h(area)}</td>` : '';
        return `<tr>${areaCell}<td><a href="#${scenarioAnchor(si)}">${h(s.name)}</a></td><td>${h(s.severity)}</td><td class="status ${h(s.status)}">${h(s.status)}</td><td class="num">${s.steps.length}</td><td class="num">${count(s, 'passed')}</td><td class="num">${count(s, 'failed')}</td><td class="num">${count(s, 'skipped')}</td><td class="num">${h(formatDuration(s.durationMs))}</td></tr>`;
      }),
  );
  return `<table class="areas"><thead><tr><th>Area</th><th>Scenario</th><th>Severity</th><th>Status</th><th>Steps</th><th>Passed</th><th>Failed</th><th>Skipped</th><th>Duration</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function failureList(summary: PackSummary): string {
  const items = summary.scenarios.flatMap((s, si) =>
    s.steps
      .map((step, i) => ({ step, i }))
      .filter(({ step }) => step.status === 'failed' || step.status === 'error')
      .map(({ step, i }) => `<li><a href="#${stepAnchor(si, i)}">${h(`${s.area} / ${s.name} › ${step.id}`)}</a>: <span class="mono">${h(step.failures.map(formatFailure).join('; ') || step.reason || step.status)}</span></li>`),
  );
  return items.length ? `<h2>Failures</h2><ul class="failures">${items.join('')}</ul>` : '';
}

function scenarioSection(s: SummaryScenario, si: number, files: Map<string, Uint8Array>): string {
  const steps = s.steps.map((step, i) => stepBlock(stepAnchor(si, i), step, transcriptStep(files, step.transcript))).join('');
  return `<section class="scenario" id="${scenarioAnchor(si)}"><h3>${h(s.area)} / ${h(s.name)} <span class="status ${h(s.status)}">${h(s.status)}</span></h3><p class="note">${h(s.severity)} · <span class="mono">${h(s.file)}</span> · ${h(formatDuration(s.durationMs))}</p>${steps || '<p class="note">No step recorded.</p>'}</section>`;
}

function hashTable(files: HtmlReportInput['files']): string {
  const rows = files
    .filter((f) => f.path !== REPORT_FILE && f.path !== MANIFEST_FILE)
    .map((f) => describeFile(f.path, f.data))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `<tr><td class="mono">${h(f.path)}</td><td class="num">${f.size}</td><td class="mono">${f.sha256}</td></tr>`);
  return `<h2>File hashes</h2><p class="note">SHA-256 of every file in this pack except report.html itself and manifest.json, which is written after this page and also hashes it. They must equal the entries of manifest.json; <span class="mono">reos evidence verify</span> checks them all.</p><table class="hashes"><thead><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function coverageSection(summary: PackSummary): string {
  const coverage = summary.coverage;
  if (!coverage) return '';
  const uncovered = coverage.uncovered.length
    ? `<details><summary>${coverage.uncovered.length} not exercised</summary><ul class="mono">${coverage.uncovered.map((op) => `<li>${h(op)}</li>`).join('')}</ul></details>`
    : '';
  return `<h2>Operation coverage</h2><p>${h(describeCoverage(coverage))}. <span class="note">Information only: coverage does not change the verdict.</span></p>${uncovered}`;
}

/** The whole page, as text (UTF-8). */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { summary } = input;
  const files = new Map(input.files.map((f) => [f.path, f.data]));
  const c = summary.counts;
  const env = summary.environment;
  const banner = `<div class="banner ${BANNER[summary.verdict] ?? 'nogo'}" id="verdict"><span class="verdict">${h(summary.verdict)}</span><span class="confidence">confidence ${h(summary.confidence)}%</span><span>${c.scenarios.passed}/${c.scenarios.total} scenarios passed · ${c.steps.failed} failed steps</span></div>`;
  const reasons = summary.reasons.length ? `<ul class="reasons">${summary.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>` : '';
  const meta = `<p class="meta">Run <span class="mono">${h(summary.runId)}</span> · started ${h(summary.startedAt)} · ${h(formatDuration(summary.durationMs))} · target ${h(env.target)} (${h(env.mode)}) · reos ${h(env.reosVersion)} · node ${h(env.node)} · ${h(env.platform)}${env.gitCommit ? ` · commit <span class="mono">${h(env.gitCommit)}</span>` : ''}</p>`;
  const body = [
    `<h1>reos evidence report</h1>`,
    banner,
    reasons,
    meta,
    `<h2>By area and scenario</h2>`,
    areaTable(summary),
    failureList(summary),
    coverageSection(summary),
    `<h2>Latency per step</h2>`,
    latencyChart(summary),
    `<h2>Scenarios and steps</h2>`,
    ...summary.scenarios.map((s, si) => scenarioSection(s, si, files)),
    hashTable(input.files),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(`reos ${summary.verdict} (${summary.confidence}%) · ${summary.startedAt}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
