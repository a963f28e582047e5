import { describe, expect, it } from 'vitest';
import type { Severity, ScenarioStatus } from '../model.js';
import { computeVerdict, weightedConfidence, type VerdictScenario } from './index.js';

const s = (name: string, area: string, severity: Severity, status: ScenarioStatus): VerdictScenario => ({ name, area, severity, status });
const covered = [s('live', 'health', 'critical', 'passed'), s('login', 'auth', 'critical', 'passed'), s('deal', 'flows', 'major', 'passed')];
const required = ['health', 'auth', 'flows'];

describe('computeVerdict', () => {
  const table: Array<{ name: string; stackReady?: boolean; scenarios: VerdictScenario[]; requiredAreas?: string[]; verdict: string; confidence: number; reason?: RegExp }> = [
    { name: 'every scenario passed', scenarios: covered, verdict: 'GO', confidence: 100, reason: /all 3 scenarios that ran passed/ },
    { name: 'stack never ready', stackReady: false, scenarios: covered.map((x) => ({ ...x, status: 'skipped' as const })), verdict: 'NO-GO', confidence: 0, reason: /never became ready/ },
    { name: 'a critical scenario failed', scenarios: [...covered, s('sse', 'hardening', 'critical', 'failed')], verdict: 'NO-GO', confidence: 72, reason: /critical scenario "sse" \(hardening\) failed/ },
    { name: 'only a major failed', scenarios: [...covered, s('burst', 'hardening', 'major', 'failed')], verdict: 'CONDITIONAL GO', confidence: 81, reason: /major scenario "burst"/ },
    { name: 'only a minor failed', scenarios: [...covered, s('mail', 'services', 'minor', 'failed')], verdict: 'CONDITIONAL GO', confidence: 92, reason: /minor scenario "mail"/ },
    { name: 'a required area missing', scenarios: covered.slice(0, 2), verdict: 'CONDITIONAL GO', confidence: 100, reason: /required area "flows" was not covered/ },
    { name: 'a required area only skipped', scenarios: [...covered.slice(0, 2), s('deal', 'flows', 'minor', 'skipped')], verdict: 'CONDITIONAL GO', confidence: 90, reason: /"flows" was not covered/ },
    { name: 'no required areas for own scenarios', scenarios: [s('mine', 'custom', 'minor', 'passed')], requiredAreas: [], verdict: 'GO', confidence: 100 },
    { name: 'a critical scenario skipped', scenarios: [...covered, s('sse', 'hardening', 'critical', 'skipped')], verdict: 'CONDITIONAL GO', confidence: 72, reason: /critical scenario "sse" \(hardening\) was skipped/ },
    { name: 'a minor skipped keeps GO but lowers confidence', scenarios: [...covered, s('x', 'hardening', 'minor', 'skipped')], verdict: 'GO', confidence: 92, reason: /1 major or minor scenario\(s\) skipped/ },
    { name: 'nothing ran', scenarios: [], requiredAreas: [], verdict: 'NO-GO', confidence: 0, reason: /no scenario ran/ },
    { name: 'critical failure beats a missing area', scenarios: [s('live', 'health', 'critical', 'failed')], verdict: 'NO-GO', confidence: 0, reason: /required area "auth"/ },
  ];

  it.each(table)('$name -> $verdict ($confidence%)', (row) => {
    const result = computeVerdict({ stackReady: row.stackReady ?? true, scenarios: row.scenarios, requiredAreas: row.requiredAreas ?? required });
    expect(result.verdict).toBe(row.verdict);
    expect(result.confidence).toBe(row.confidence);
    if (row.reason) expect(result.reasons.join('\n')).toMatch(row.reason);
  });

  it('lists blockers before conditions', () => {
    const result = computeVerdict({ stackReady: true, requiredAreas: ['auth'], scenarios: [s('a', 'health', 'major', 'failed'), s('b', 'health', 'critical', 'failed')] });
    expect(result.reasons[0]).toMatch(/critical scenario "b"/);
    expect(result.reasons.slice(1)).toEqual(['major scenario "a" (health) failed', 'required area "auth" was not covered']);
  });
});

describe('weightedConfidence', () => {
  it('weights critical 5, major 3, minor 1 and floors', () => {
    expect(weightedConfidence([s('a', 'x', 'critical', 'passed'), s('b', 'x', 'major', 'failed'), s('c', 'x', 'minor', 'passed')])).toBe(66);
    expect(weightedConfidence([s('a', 'x', 'minor', 'passed'), s('b', 'x', 'minor', 'skipped')])).toBe(50);
  });
});
