/**
 * The propensity model is pure: fixed inputs give fixed scores, every contribution is explained,
 * and the points add up to the distance from the baseline.
 */
import { describe, expect, it } from 'vitest';
import { BIAS, checkSignalValue, scorePropensity, type ModelInput } from './propensity-model.js';

const NO_HISTORY = { history_price_drops: 0, history_stage_changes: 0, history_communications: 0 };
const at = '2026-11-01T00:00:00.000Z';

describe('scorePropensity', () => {
  it('scores a property with nothing known at the baseline (8), with no contribution', () => {
    const result = scorePropensity({ signals: [], history: NO_HISTORY });
    expect(result).toMatchObject({ score: 8, band: 'low', baseline: 7.59, log_odds: BIAS, contributions: [] });
  });

  it('adds each signal’s weight times its scaled value to the log-odds and explains it', () => {
    const input: ModelInput = {
      signals: [
        { type: 'tax_delinquent', value: true, source: 'county', observed_at: at },
        { type: 'years_owned', value: 10, source: 'county', observed_at: at },
        { type: 'absentee_owner', value: false, source: 'county', observed_at: at },
      ],
      history: { ...NO_HISTORY, history_price_drops: 1 },
    };
    const result = scorePropensity(input);
    // z = -2.5 + 1.6 + 1.2 * 0.5 + 0 + 0.5 * (1/3)
    expect(result.log_odds).toBeCloseTo(-2.5 + 1.6 + 0.6 + 0.5 / 3, 4);
    expect(result.score).toBe(Math.round(100 / (1 + Math.exp(-result.log_odds))));
    expect(result.score).toBe(47);
    expect(result.band).toBe('medium');
    expect(result.contributions.map((c) => c.feature)).toEqual(['tax_delinquent', 'years_owned', 'history_price_drops', 'absentee_owner']);
    expect(result.contributions[0]).toMatchObject({ kind: 'signal', weight: 1.6, scaled: 1, log_odds: 1.6, text: 'Property taxes are delinquent', source: 'county' });
    expect(result.contributions[3]).toMatchObject({ points: 0, log_odds: 0, text: 'The owner lives there' });
    const sum = result.contributions.reduce((s, c) => s + c.points, 0);
    expect(result.baseline + sum).toBeCloseTo(100 / (1 + Math.exp(-result.log_odds)), 1);
  });

  it('caps scaled values and gives the same answer whatever the input order', () => {
    const a = scorePropensity({
      signals: [
        { type: 'years_owned', value: 60, source: 's', observed_at: at },
        { type: 'days_on_market', value: 400, source: 's', observed_at: at },
      ],
      history: NO_HISTORY,
    });
    const b = scorePropensity({
      signals: [
        { type: 'days_on_market', value: 400, source: 's', observed_at: at },
        { type: 'years_owned', value: 60, source: 's', observed_at: at },
      ],
      history: NO_HISTORY,
    });
    expect(a).toEqual(b);
    expect(a.contributions.every((c) => c.scaled === 1)).toBe(true);
  });

  it('reaches the high band with every signal at full strength, and never 100 or more', () => {
    const result = scorePropensity({
      signals: [
        { type: 'years_owned', value: 30, source: 's', observed_at: at },
        { type: 'absentee_owner', value: true, source: 's', observed_at: at },
        { type: 'tax_delinquent', value: true, source: 's', observed_at: at },
        { type: 'price_drop', value: 25, source: 's', observed_at: at },
        { type: 'days_on_market', value: 200, source: 's', observed_at: at },
        { type: 'equity_pct', value: 100, source: 's', observed_at: at },
        { type: 'code_violation', value: 5, source: 's', observed_at: at },
        { type: 'recent_inquiry', value: true, source: 's', observed_at: at },
      ],
      history: { history_price_drops: 3, history_stage_changes: 4, history_communications: 5 },
    });
    expect(result.band).toBe('high');
    expect(result.score).toBeGreaterThanOrEqual(99);
    expect(result.score).toBeLessThanOrEqual(100);
  });
});

describe('checkSignalValue', () => {
  it.each([
    ['years_owned', 12, undefined],
    ['years_owned', -1, 'must be a number from 0 to 200'],
    ['years_owned', true, 'must be a number from 0 to 200'],
    ['absentee_owner', true, undefined],
    ['absentee_owner', 1, 'must be true or false'],
    ['equity_pct', 101, 'must be a number from 0 to 100'],
    ['days_on_market', 3.5, 'must be a whole number from 0 to 10000'],
    ['code_violation', 2, undefined],
    ['code_violation', false, undefined],
    ['recent_inquiry', 1.5, 'must be true, false or a whole count from 0 to 1000'],
  ] as const)('%s = %s -> %s', (type, value, expected) => {
    expect(checkSignalValue(type, value)).toBe(expected);
  });
});
