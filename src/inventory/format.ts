/**
 * `reos inventory` for humans: one table of operations by domain and method with totals, then
 * the tables with their rows, the components and the providers, and what was unavailable.
 */
import { COUNTED_METHODS } from '../../stack/inventory/operations.js';
import type { InventoryReport } from './report.js';

function table(header: string[], rows: string[][], alignRight: (col: number) => boolean): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (alignRight(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function operationRows(report: InventoryReport): string[][] {
  const other = (methods: Record<string, number>) => Object.entries(methods).filter(([m]) => !(COUNTED_METHODS as readonly string[]).includes(m)).reduce((n, [, c]) => n + c, 0);
  const row = (name: string, methods: Record<string, number>, total: number) => [name, ...COUNTED_METHODS.map((m) => String(methods[m] ?? 0)), String(other(methods)), String(total)];
  const ops = report.operations;
  return [...ops.domains.map((d) => row(d.domain, d.methods, d.total)), row('TOTAL', ops.methods, ops.total)];
}

export function formatInventory(report: InventoryReport): string {
  const lines = [`Inventory of ${report.target}${report.version ? ` (version ${report.version})` : ''}`, '', `Operations: ${report.operations.total} in ${report.operations.domains.length} domains`, ''];
  if (report.operations.total > 0) {
    lines.push(...table(['DOMAIN', ...COUNTED_METHODS, 'OTHER', 'TOTAL'], operationRows(report), (i) => i > 0), '');
  }
  if (report.tables) {
    lines.push(`Tables: ${report.tables.total} (${report.tables.rows} rows)`, '');
    lines.push(...table(['TABLE', 'ROWS', 'FROM'], report.tables.tables.map((t) => [`${t.schema === 'public' ? '' : `${t.schema}.`}${t.name}`, String(t.rows), t.source]), (i) => i === 1), '');
  }
  if (report.components) {
    lines.push('Components:', ...report.components.map((c) => `  ${c.name.padEnd(17)} ${c.mode.padEnd(11)} ${c.detail}`), '');
  }
  if (report.providers) {
    lines.push('Providers:', ...report.providers.map((p) => `  ${p.name.padEnd(9)} ${p.kind.padEnd(9)} ${p.mode.padEnd(5)} ${p.detail}`), '');
  }
  if (report.unavailable.length > 0) lines.push('Unavailable:', ...report.unavailable.map((u) => `  - ${u}`), '');
  return lines.join('\n').trimEnd();
}
