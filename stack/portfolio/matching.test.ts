/**
 * The fit of an investor for a property, criterion by criterion: points, statuses and the
 * reasons a user reads, including the open, partial and unknown cases.
 */
import { describe, expect, it } from 'vitest';
import { matchInvestor, supportedStrategies, type MatchPreferences } from './matching.js';

const PROPERTY = { price: 300000, propertyType: 'single_family', city: 'Austin', state: 'TX' };
const OPEN: MatchPreferences = { minPrice: null, maxPrice: null, propertyTypes: [], states: [], cities: [], minCapRate: null, strategies: [] };
const NO_SCENARIO = { capRate: null, strategies: [] };

describe('matchInvestor', () => {
  it('gives full marks to an investor with no preferences, saying so', () => {
    const { score, criteria } = matchInvestor(PROPERTY, NO_SCENARIO, OPEN);
    expect(score).toBe(100);
    expect(criteria.every((c) => c.status === 'no_preference')).toBe(true);
  });

  it('scores each criterion: price out of range, right state wrong city, cap rate unknown', () => {
    const { score, criteria } = matchInvestor(PROPERTY, NO_SCENARIO, { ...OPEN, maxPrice: 250000, states: ['TX'], cities: ['Houston'], minCapRate: 6 });
    const by = Object.fromEntries(criteria.map((c) => [c.criterion, c]));
    expect(by.price).toMatchObject({ status: 'mismatch', points: 0, reason: 'Price $300,000 is outside the range any to $250,000.' });
    expect(by.location).toMatchObject({ status: 'partial', points: 10, max_points: 20 });
    expect(by.cap_rate).toMatchObject({ status: 'unknown', points: 0 });
    // type 20 + location 10 + strategy 15 of 100
    expect(score).toBe(45);
  });

  it('treats a property without a price or type as unknown, not as a match', () => {
    const { criteria } = matchInvestor({ ...PROPERTY, price: null, propertyType: null }, NO_SCENARIO, { ...OPEN, minPrice: 1, propertyTypes: ['condo'] });
    expect(criteria.slice(0, 2).map((c) => c.status)).toEqual(['unknown', 'unknown']);
  });

  it('matches cities case-insensitively and strategies against what the numbers support', () => {
    const economics = { capRate: 7, strategies: supportedStrategies({ monthlyCashFlow: 250, flipProfit: null, monthlyRent: 2000, arv: null, price: 300000, repairs: 0 }) };
    const { score, criteria } = matchInvestor(PROPERTY, economics, { ...OPEN, cities: ['austin'], minCapRate: 7, strategies: ['buy_and_hold', 'flip'] });
    expect(score).toBe(100);
    expect(criteria.find((c) => c.criterion === 'strategy')!.reason).toBe('Supports buy_and_hold (cash flow $250/month).');
  });
});

describe('supportedStrategies', () => {
  it('reads flip, BRRRR and wholesale from the ARV spread', () => {
    const strategies = supportedStrategies({ monthlyCashFlow: -50, flipProfit: 60000, monthlyRent: 1800, arv: 300000, price: 180000, repairs: 30000 });
    // 180,000 <= 0.7 x 300,000 - 30,000 = 180,000: the 70% rule holds exactly.
    expect(strategies.map((s) => s.strategy)).toEqual(['flip', 'brrrr', 'wholesale']);
  });
});
