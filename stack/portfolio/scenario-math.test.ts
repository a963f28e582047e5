/**
 * The scenario maths against figures worked out by hand (and, for the payment, against the
 * published amortisation tables: $160,000 at 6% over 30 years is $959.28 a month).
 */
import { describe, expect, it } from 'vitest';
import { amortizedPayment, computeScenario, type ScenarioInputs } from './scenario-math.js';

const RENTAL: ScenarioInputs = {
  purchase_price: 200_000,
  repairs: 10_000,
  closing_costs: 5_000,
  down_payment_pct: 20,
  interest_rate_pct: 6,
  term_years: 30,
  monthly_rent: 2_000,
  monthly_expenses: 600,
  arv: 260_000,
};

describe('computeScenario', () => {
  it('matches the hand-computed figures of a financed rental', () => {
    const f = computeScenario(RENTAL);
    expect(f.down_payment.value).toBe(40_000);
    expect(f.loan_amount.value).toBe(160_000);
    expect(f.monthly_payment.value).toBe(959.28);
    // 40,000 down + 10,000 repairs + 5,000 closing
    expect(f.cash_needed.value).toBe(55_000);
    // (2,000 - 600) x 12
    expect(f.noi.value).toBe(16_800);
    // 16,800 / 200,000
    expect(f.cap_rate.value).toBe(8.4);
    // 959.28 x 12
    expect(f.annual_debt_service.value).toBe(11_511.36);
    expect(f.annual_cash_flow.value).toBe(5_288.64);
    expect(f.monthly_cash_flow.value).toBe(440.72);
    // 5,288.64 / 55,000 = 9.6157%
    expect(f.cash_on_cash.value).toBe(9.62);
    expect(f.total_project_cost.value).toBe(215_000);
    expect(f.flip_profit.value).toBe(45_000);
    // 45,000 / 215,000 = 20.93%
    expect(f.roi.value).toBe(20.93);
  });

  it('explains every figure with its formula and the inputs it used', () => {
    const f = computeScenario(RENTAL);
    expect(f.monthly_payment.formula).toContain('(1 + r)^−n');
    expect(f.monthly_payment.inputs).toMatchObject({ loan_amount: 160_000, n: 360, r: 0.005 });
    expect(f.cash_on_cash.inputs).toEqual({ annual_cash_flow: 5_288.64, cash_needed: 55_000 });
    for (const figure of Object.values(f)) {
      expect(figure.formula.length).toBeGreaterThan(5);
      expect(figure.explanation.length).toBeGreaterThan(5);
    }
  });

  it('handles an all-cash purchase: no loan, no payment, cash flow equals NOI', () => {
    const f = computeScenario({ ...RENTAL, down_payment_pct: 100, arv: null });
    expect(f.loan_amount.value).toBe(0);
    expect(f.monthly_payment.value).toBe(0);
    expect(f.annual_cash_flow.value).toBe(16_800);
    // 16,800 / 215,000
    expect(f.cash_on_cash.value).toBe(7.81);
    expect(f.flip_profit.value).toBeNull();
    expect(f.roi.value).toBeNull();
    expect(f.flip_profit.explanation).toMatch(/no ARV/);
  });

  it('divides the loan evenly at a zero rate and leaves percentages of nothing null', () => {
    expect(amortizedPayment(120_000, 0, 120)).toBe(1_000);
    const f = computeScenario({ ...RENTAL, purchase_price: 0, repairs: 0, closing_costs: 0, interest_rate_pct: 0 });
    expect(f.cap_rate.value).toBeNull();
    expect(f.cash_on_cash.value).toBeNull();
  });

  it('reports a negative cash flow when the loan costs more than the rent brings', () => {
    const f = computeScenario({ ...RENTAL, down_payment_pct: 0, interest_rate_pct: 7.5, monthly_rent: 1_500 });
    // 200,000 at 7.5% / 30 y = 1,398.43 a month; NOI 10,800; 10,800 - 16,781.16
    expect(f.monthly_payment.value).toBe(1_398.43);
    expect(f.annual_cash_flow.value).toBe(-5_981.16);
  });
});
