/** Human output of `reos doctor`: one line per check, a fix hint under each warn and fail. */
import type { ChalkInstance } from 'chalk';
import type { DoctorReport } from './types.js';

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

export function formatDoctor(report: DoctorReport, colors: ChalkInstance): string {
  const paint = { pass: colors.green, warn: colors.yellow, fail: colors.red };
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const lines = report.checks.flatMap((check) => [
    `${paint[check.status](MARK[check.status])}  ${check.title.padEnd(width)}  ${check.detail}`,
    ...(check.hint && check.status !== 'pass' ? [`      ${' '.repeat(width)}  ${colors.dim(`fix: ${check.hint}`)}`] : []),
  ]);
  const { pass, warn, fail } = report.counts;
  lines.push('', `${pass} passed, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed${fail ? '' : ': ready for the demo'}`);
  return lines.join('\n');
}
