/**
 * The latency chart: one horizontal bar per step, grouped by scenario, as inline SVG (no
 * script, no external asset). Bars are coloured by status; the scale is linear from 0 to the
 * slowest step. Labels are escaped like every other piece of text in the report.
 */
import type { PackSummary } from '../../evidence/summary.js';
import { formatDuration } from '../format.js';
import { escapeHtml } from './escape.js';

const COLOR: Record<string, string> = { passed: '#1a7f37', failed: '#cf222e', error: '#cf222e', skipped: '#8c959f' };
const ROW = 18;
const LABEL = 380;
const BARS = 520;
const VALUE = 90;

/** Long labels are cut so they never overlap the bars. */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function latencyChart(summary: PackSummary): string {
  const rows = summary.scenarios.flatMap((scenario) => scenario.steps.map((step) => ({ label: `${scenario.name} › ${step.id}`, step })));
  if (rows.length === 0) return '<p class="note">No step was recorded.</p>';
  const max = Math.max(1, ...rows.map((r) => r.step.durationMs));
  const height = rows.length * ROW + 24;
  const width = LABEL + BARS + VALUE;
  const bars = rows.map(({ label, step }, i) => {
    const y = i * ROW;
    const w = Math.max(1, Math.round((step.durationMs / max) * BARS));
    const title = `${label}: ${formatDuration(step.durationMs)} (${step.status})`;
    return [
      `<g><title>${escapeHtml(title)}</title>`,
      `<text x="${LABEL - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(cut(label, 52))}</text>`,
      `<rect x="${LABEL}" y="${y + 3}" width="${w}" height="${ROW - 6}" fill="${COLOR[step.status] ?? '#8c959f'}" data-step="${escapeHtml(step.id)}"></rect>`,
      `<text x="${LABEL + w + 6}" y="${y + 13}">${escapeHtml(formatDuration(step.durationMs))}</text></g>`,
    ].join('');
  });
  const axisY = rows.length * ROW + 4;
  const axis = `<line x1="${LABEL}" y1="${axisY}" x2="${LABEL + BARS}" y2="${axisY}" stroke="#8c959f"></line><text x="${LABEL}" y="${axisY + 14}">0</text><text x="${LABEL + BARS}" y="${axisY + 14}" text-anchor="end">${escapeHtml(formatDuration(max))}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="latency" role="img" aria-label="Latency per step" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars.join('')}${axis}</svg>`;
}
