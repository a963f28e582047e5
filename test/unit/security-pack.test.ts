/**
 * The OWASP API Security Top 10 pack holds against the bundled API: `reos verify --scenarios
 * scenarios/security` on the embedded stack is GO with every scenario passed. Its twin,
 * security-pack-broken.test.ts, proves the pack fails when tenant scoping is broken.
 */
import { describe, expect, it } from 'vitest';
import { runSecurityPack, SECURITY_SCENARIOS } from '../support/security-pack.js';

describe('the security pack against the bundled API', () => {
  it('is GO with every scenario passed', { timeout: 300_000 }, async () => {
    const run = await runSecurityPack();
    expect(run.failedSteps).toEqual([]);
    expect(run.statuses).toEqual(Object.fromEntries(SECURITY_SCENARIOS.map((name) => [name, 'passed'])));
    expect(run.summary.verdict).toBe('GO');
    expect(run.exitCode).toBe(0);
  });
});
