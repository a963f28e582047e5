/**
 * The GO / CONDITIONAL GO / NO-GO rule: a pure function of what a run recorded, kept in one
 * module so `reos evidence verify` can recompute it from a pack's summary or transcripts and
 * catch a summary that does not match its evidence. docs/verdict.md explains it with examples.
 *
 * - NO-GO: the stack never became ready, a critical scenario failed, or nothing ran at all.
 * - CONDITIONAL GO: only major or minor scenarios failed, a critical scenario was skipped, or a
 *   required area has no scenario that ran.
 * - GO: otherwise.
 *
 * Confidence = passed weight / weight of every recorded scenario (critical 5, major 3,
 * minor 1), floored to a whole percent so 100 means every scenario passed. Skipped scenarios
 * stay in the denominator: a check that did not run proves nothing.
 */
import type { ScenarioStatus, Severity, Verdict, VerdictResult } from '../model.js';

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { critical: 5, major: 3, minor: 1 };

/** The areas a run of the shipped scenarios must cover to be a GO. */
export const SHIPPED_REQUIRED_AREAS: readonly string[] = ['health', 'auth', 'flows'];

export interface VerdictScenario {
  name: string;
  area: string;
  severity: Severity;
  status: ScenarioStatus;
}

export interface VerdictInput {
  stackReady: boolean;
  scenarios: VerdictScenario[];
  requiredAreas: string[];
}

/**
 * @example
 * computeVerdict({ stackReady: true, requiredAreas: ['health'],
 *   scenarios: [{ name: 'liveness', area: 'health', severity: 'critical', status: 'passed' }] })
 * // => { verdict: 'GO', confidence: 100, reasons: ['all 1 scenarios passed'] }
 */
export function computeVerdict(input: VerdictInput): VerdictResult {
  const { scenarios } = input;
  const confidence = weightedConfidence(scenarios);
  const blockers: string[] = [];
  const conditions: string[] = [];

  if (!input.stackReady) blockers.push('the stack or target never became ready');
  const ran = scenarios.filter((s) => s.status !== 'skipped');
  if (input.stackReady && ran.length === 0) blockers.push('no scenario ran: nothing was proven');
  for (const s of scenarios.filter((x) => x.status === 'failed')) {
    (s.severity === 'critical' ? blockers : conditions).push(`${s.severity} scenario "${s.name}" (${s.area}) failed`);
  }
  for (const s of scenarios.filter((x) => x.status === 'skipped' && x.severity === 'critical')) {
    if (input.stackReady) conditions.push(`critical scenario "${s.name}" (${s.area}) was skipped`);
  }
  for (const area of input.requiredAreas) {
    if (!ran.some((s) => s.area === area)) conditions.push(`required area "${area}" was not covered`);
  }

  let verdict: Verdict = 'GO';
  if (blockers.length > 0) verdict = 'NO-GO';
  else if (conditions.length > 0) verdict = 'CONDITIONAL GO';

  const reasons = [...blockers, ...conditions];
  const skippedOther = scenarios.filter((s) => s.status === 'skipped' && s.severity !== 'critical').length;
  if (input.stackReady && skippedOther > 0) reasons.push(`${skippedOther} major or minor scenario(s) skipped (lowers confidence)`);
  if (verdict === 'GO') reasons.unshift(`all ${ran.length} scenarios that ran passed`);
  return { verdict, confidence, reasons };
}

/** Passed weight over total weight, floored to a whole percent; 0 when nothing was recorded. */
export function weightedConfidence(scenarios: VerdictScenario[]): number {
  let total = 0;
  let passed = 0;
  for (const s of scenarios) {
    const weight = SEVERITY_WEIGHT[s.severity] ?? 1;
    total += weight;
    if (s.status === 'passed') passed += weight;
  }
  return total === 0 ? 0 : Math.floor((passed / total) * 100);
}
