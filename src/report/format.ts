/**
 * Small formatting rules every reporter shares, so an expected/actual pair or a duration reads
 * the same in the terminal, SUMMARY.md and junit.xml.
 */
import type { SummaryFailure } from '../evidence/summary.js';

/** A value as short, one-line text: strings quoted, objects as JSON, long ones cut. */
export function formatValue(value: unknown, max = 160): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `status eq: expected 200, got 404 (message)`. */
export function formatFailure(failure: SummaryFailure): string {
  const head = `${failure.label}${failure.op && !failure.label.includes(failure.op) ? ` ${failure.op}` : ''}`;
  const tail = failure.message ? ` (${failure.message})` : '';
  return `${head}: expected ${formatValue(failure.expected)}, got ${formatValue(failure.actual)}${tail}`;
}

/** `850 ms`, `3.2 s`, `1 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}
