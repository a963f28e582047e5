/**
 * The block printed when a run is over: the verdict and confidence, why, the counts of
 * scenarios and steps, the duration, and where the pack is. Reads only the finished summary.
 */
import type { PackSummary, StatusCounts } from '../../evidence/summary.js';
import { describeCoverage } from '../../evidence/coverage.js';
import { formatDuration } from '../format.js';
import type { Colors } from './colors.js';

const counts = (c: StatusCounts, colors: Colors) =>
  `${colors.green(`${c.passed} passed`)}, ${c.failed ? colors.red(`${c.failed} failed`) : '0 failed'}, ${c.skipped} skipped (of ${c.total})`;

export function formatFinal(summary: PackSummary, pack: { zip?: string; dir?: string } | undefined, colors: Colors): string {
  const paint = summary.verdict === 'GO' ? colors.green.bold : summary.verdict === 'NO-GO' ? colors.red.bold : colors.yellow.bold;
  const lines = [
    '',
    `${paint(summary.verdict)}  confidence ${summary.confidence}%`,
    ...summary.reasons.map((r) => `  - ${r}`),
    `Scenarios: ${counts(summary.counts.scenarios, colors)}`,
    `Steps:     ${counts(summary.counts.steps, colors)}`,
    `Duration:  ${formatDuration(summary.durationMs)}`,
  ];
  if (summary.coverage) {
    const { uncovered } = summary.coverage;
    const shown = uncovered.slice(0, 8).join(', ');
    lines.push(`Coverage:  ${describeCoverage(summary.coverage)} (information only)`);
    if (uncovered.length > 0) lines.push(colors.dim(`           not exercised: ${shown}${uncovered.length > 8 ? `, and ${uncovered.length - 8} more (SUMMARY.md)` : ''}`));
  }
  if (pack?.zip) lines.push(`Evidence:  ${pack.zip}`);
  if (pack?.dir) lines.push(`           ${pack.dir}/SUMMARY.md`);
  return lines.join('\n');
}
