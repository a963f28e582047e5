/** `reos scenarios list` for people: aligned columns, one scenario a row. */
import type { ScenarioRow } from '../../verify/catalog.js';

const COLUMNS: Array<[string, (r: ScenarioRow) => string]> = [
  ['NAME', (r) => r.name],
  ['AREA', (r) => r.area],
  ['SEVERITY', (r) => r.severity],
  ['STEPS', (r) => String(r.steps)],
  ['TAGS', (r) => r.tags.join(',')],
  ['FILE', (r) => `${r.file}:${r.line}`],
];

export function formatScenarioTable(rows: ScenarioRow[]): string {
  if (rows.length === 0) return 'No scenario matches.';
  const cells = [COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, get]) => get(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const lines = cells.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
  return [...lines, '', `${rows.length} scenario${rows.length === 1 ? '' : 's'}`].join('\n');
}
