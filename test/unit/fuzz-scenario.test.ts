/**
 * The scenario `reos verify --fuzz N` generates is one the scenario schema accepts (it skips the
 * loader), runs alone, and its stack keeps the limiter with the fuzz's raised budget.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/checks/index.js';
import { loadStackConfig } from '../../stack/config.js';
import { FUZZ_BUDGET, fuzzScenario, fuzzStackConfig } from '../../src/verify/fuzz.js';

describe('the generated contract-fuzz scenario', () => {
  it('is valid against the scenario schema, isolated, with the requests per class and target', () => {
    const scenario = fuzzScenario({ requests: 7, target: 'http://127.0.0.1:9' });
    const validate = new Ajv({ strict: false, allErrors: true }).compile(scenarioJsonSchema());
    const yaml = { name: scenario.name, area: scenario.area, severity: scenario.severity, isolated: scenario.isolated, steps: scenario.steps.map((s) => ({ id: s.id, name: s.name, timeoutMs: s.timeoutMs, ...s.spec })) };
    expect(validate(yaml), JSON.stringify(validate.errors)).toBe(true);
    expect(scenario.isolated).toBe(true);
    expect(scenario.steps[0].spec).toEqual({ fuzz: { requests: 7, target: 'http://127.0.0.1:9' } });
  });

  it('raises every rate-limit policy for the fuzz stack and leaves the limiter on', () => {
    const base = loadStackConfig({}, 'test');
    const config = fuzzStackConfig(base);
    expect(config.rateLimit.enabled).toBe(true);
    expect(Object.values(config.rateLimit.policies).every((p) => p.points === FUZZ_BUDGET && p.windowSeconds === 60)).toBe(true);
    expect(Object.keys(config.rateLimit.policies)).toEqual(Object.keys(base.rateLimit.policies));
    expect(base.rateLimit.policies.default.points).toBe(300);
  });
});
