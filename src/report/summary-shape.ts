/**
 * show and diff read summary.json as the run wrote it; a pack whose summary was edited into
 * another shape gets one clear error (exit 1) instead of a TypeError from deep inside.
 */
import { EXIT, ReosError } from '../errors.js';
import type { PackSummary } from '../evidence/summary.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function checkSummaryShape(source: string, summary: PackSummary): void {
  const ok =
    isObject(summary) &&
    typeof summary.verdict === 'string' &&
    typeof summary.confidence === 'number' &&
    isObject(summary.counts) &&
    isObject(summary.environment) &&
    Array.isArray(summary.scenarios) &&
    summary.scenarios.every((s) => isObject(s) && typeof s.name === 'string' && typeof s.area === 'string' && Array.isArray(s.steps) && s.steps.every((st) => isObject(st) && typeof st.id === 'string' && typeof st.durationMs === 'number' && Array.isArray(st.failures)));
  if (!ok) {
    throw new ReosError(`summary.json in ${source} does not have the shape reos verify writes.`, { hint: 'The pack was altered or damaged: run reos evidence verify on it for details.', exitCode: EXIT.failed, code: 'EVIDENCE_INVALID' });
  }
}
