/** Human output of `reos db status` and `reos db migrate` (the --json output is the result itself). */
import type { DatabaseStatus, MigrateResult } from './db.js';

export function formatStatus(status: DatabaseStatus): string {
  const width = Math.max('MIGRATION'.length, ...status.migrations.map((m) => m.tag.length));
  const lines = [
    `Database: ${status.backend} ${status.location}${status.exists ? '' : ' (not created yet)'}`,
    '',
    `${'MIGRATION'.padEnd(width)}  APPLIED`,
    ...status.migrations.map((m) => `${m.tag.padEnd(width)}  ${m.applied ? 'yes' : 'no'}`),
    '',
    `Pending: ${status.pending}  Unknown: ${status.unknown}`,
  ];
  if (status.pending > 0 && status.unknown === 0) {
    lines.push('Run `reos db migrate` to apply them (`reos up` also applies them when it starts).');
  }
  return lines.join('\n');
}

export function formatMigrate(result: MigrateResult): string {
  const where = `${result.backend} ${result.location}`;
  if (result.applied.length === 0) return `Database ${where} is already up to date.`;
  const noun = result.applied.length === 1 ? 'migration' : 'migrations';
  return [`Applied ${result.applied.length} ${noun} to ${where}:`, ...result.applied.map((tag) => `  ${tag}`)].join('\n');
}
