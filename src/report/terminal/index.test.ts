import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../evidence/summary.js';
import { redactRun } from '../../evidence/redact.js';
import { sampleRun, SECRETS } from '../../../test/unit/verify-fixtures.js';
import { colorLevel, createColors, formatFinal, scenarioLine, terminalProgress } from './index.js';

const plain = createColors({ isTTY: false, env: {} });

describe('colorLevel', () => {
  it('honours NO_COLOR even on a TTY (chalk alone does not)', () => {
    expect(colorLevel({ isTTY: true, env: { NO_COLOR: '1', FORCE_COLOR: '3' } })).toBe(0);
  });
  it('has no colour off a TTY unless FORCE_COLOR asks', () => {
    expect(colorLevel({ isTTY: false, env: {} })).toBe(0);
    expect(colorLevel({ isTTY: false, env: { FORCE_COLOR: '1' } })).toBeGreaterThan(0);
    expect(colorLevel({ isTTY: false, env: { NO_COLOR: '' , FORCE_COLOR: '1' } })).toBeGreaterThan(0);
  });
  it('produces text without escape codes at level 0', () => {
    expect(createColors({ isTTY: true, env: { NO_COLOR: 'x' } }).red('FAIL')).toBe('FAIL');
  });
});

describe('scenarioLine', () => {
  it('prints one PASS line for a passed scenario', () => {
    const [health] = sampleRun().scenarios;
    expect(scenarioLine(health, plain)).toEqual(['PASS  health › liveness  major, 1/1 steps, 8 ms']);
  });
  it('prints FAIL with each failed step underneath, redacted', () => {
    const auth = sampleRun().scenarios[1];
    const lines = scenarioLine(auth, plain, (t) => t.split(SECRETS.opaqueBearer).join('[REDACTED]'));
    expect(lines[0]).toBe('FAIL  auth › Login & me <check>  critical, 1/3 steps, 40 ms');
    expect(lines[1]).toBe('      ✗ me: status: expected 200, got 401');
    expect(lines.join('\n')).not.toContain(SECRETS.opaqueBearer);
  });
  it('prints SKIP with the reason', () => {
    const skipped = { ...sampleRun().scenarios[0], status: 'skipped' as const, reason: 'bail: an earlier scenario failed' };
    expect(scenarioLine(skipped, plain)[1]).toBe('      bail: an earlier scenario failed');
  });
});

describe('terminalProgress', () => {
  it('writes plain lines when CI is set, even on a TTY', async () => {
    const lines: string[] = [];
    const progress = terminalProgress({ isTTY: true, env: { CI: 'true', NO_COLOR: '1' }, write: (l) => lines.push(l) })([], { redact: (t) => t });
    progress.listener.scenarioEnd?.(sampleRun().scenarios[0]);
    await progress.finish();
    expect(lines).toEqual(['PASS  health › liveness  major, 1/1 steps, 8 ms']);
  });
});

describe('formatFinal', () => {
  it('shows the verdict, reasons, counts, duration and the pack', () => {
    const summary = buildSummary(redactRun(sampleRun()), { requiredAreas: ['health', 'auth'] });
    const text = formatFinal(summary, { zip: 'evidence/runtime_x.zip', dir: 'evidence/runtime_x' }, plain);
    expect(text).toContain('NO-GO  confidence 37%');
    expect(text).toContain('  - critical scenario "Login & me <check>" (auth) failed');
    expect(text).toContain('Scenarios: 1 passed, 1 failed, 0 skipped (of 2)');
    expect(text).toContain('Steps:     2 passed, 1 failed, 1 skipped (of 4)');
    expect(text).toContain('Duration:  2.5 s');
    expect(text).toContain('Evidence:  evidence/runtime_x.zip');
  });
});
