/**
 * The underwriting maths of a deal scenario, as a pure function of its inputs: every figure is
 * returned with the formula that produced it and the inputs it used, so a reader can redo the
 * sum by hand. Money is rounded to cents and percentages to two decimals at each figure, and a
 * later figure uses the rounded value shown (the monthly payment a borrower actually pays).
 */

export interface ScenarioInputs {
  purchase_price: number;
  repairs: number;
  closing_costs: number;
  /** Percent of the purchase price paid in cash (0-100). */
  down_payment_pct: number;
  /** Annual nominal interest rate, percent. */
  interest_rate_pct: number;
  term_years: number;
  monthly_rent: number;
  /** Operating expenses a month (taxes, insurance, management, maintenance, vacancy), debt service excluded. */
  monthly_expenses: number;
  /** After-repair value, for the flip figures; without it they are null. */
  arv?: number | null;
}

export interface Figure {
  value: number | null;
  unit: 'usd' | 'percent';
  formula: string;
  inputs: Record<string, number | null>;
  explanation: string;
}

export const FIGURE_NAMES = [
  'down_payment',
  'loan_amount',
  'monthly_payment',
  'cash_needed',
  'noi',
  'cap_rate',
  'annual_debt_service',
  'annual_cash_flow',
  'monthly_cash_flow',
  'cash_on_cash',
  'total_project_cost',
  'flip_profit',
  'roi',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];
export type ScenarioFigures = Record<FigureName, Figure>;

const cents = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
const pct = (part: number, whole: number) => (whole > 0 ? cents((part / whole) * 100) : null);

/** The level payment that repays `principal` over `months` at `monthlyRate` (0 means no interest). */
export function amortizedPayment(principal: number, monthlyRate: number, months: number): number {
  if (principal <= 0 || months <= 0) return 0;
  if (monthlyRate === 0) return principal / months;
  return (principal * monthlyRate) / (1 - (1 + monthlyRate) ** -months);
}

const usd = (value: number, formula: string, inputs: Record<string, number | null>, explanation: string): Figure => ({ value: cents(value), unit: 'usd', formula, inputs, explanation });
const percent = (value: number | null, formula: string, inputs: Record<string, number | null>, explanation: string): Figure => ({ value, unit: 'percent', formula, inputs, explanation });

function financing(i: ScenarioInputs) {
  const down_payment = usd(i.purchase_price * (i.down_payment_pct / 100), 'purchase_price × down_payment_pct / 100', { purchase_price: i.purchase_price, down_payment_pct: i.down_payment_pct }, 'The cash part of the purchase price.');
  const loan_amount = usd(i.purchase_price - down_payment.value!, 'purchase_price − down_payment', { purchase_price: i.purchase_price, down_payment: down_payment.value }, 'What the lender finances.');
  const r = i.interest_rate_pct / 100 / 12;
  const n = i.term_years * 12;
  const monthly_payment = usd(
    amortizedPayment(loan_amount.value!, r, n),
    r === 0 ? 'loan_amount / n' : 'loan_amount × r / (1 − (1 + r)^−n), r = interest_rate_pct / 100 / 12, n = term_years × 12',
    { loan_amount: loan_amount.value, interest_rate_pct: i.interest_rate_pct, term_years: i.term_years, r, n },
    'Principal and interest of a fixed-rate, fully amortising loan.',
  );
  const cash_needed = usd(down_payment.value! + i.repairs + i.closing_costs, 'down_payment + repairs + closing_costs', { down_payment: down_payment.value, repairs: i.repairs, closing_costs: i.closing_costs }, 'Cash the buyer brings to close and renovate.');
  return { down_payment, loan_amount, monthly_payment, cash_needed };
}

function rental(i: ScenarioInputs, f: ReturnType<typeof financing>) {
  const noi = usd((i.monthly_rent - i.monthly_expenses) * 12, '(monthly_rent − monthly_expenses) × 12', { monthly_rent: i.monthly_rent, monthly_expenses: i.monthly_expenses }, 'Net operating income a year, before debt service.');
  const cap_rate = percent(pct(noi.value!, i.purchase_price), 'noi / purchase_price × 100', { noi: noi.value, purchase_price: i.purchase_price }, 'Yield of the property on its price, independent of financing.');
  const annual_debt_service = usd(f.monthly_payment.value! * 12, 'monthly_payment × 12', { monthly_payment: f.monthly_payment.value }, 'Loan payments a year.');
  const annual_cash_flow = usd(noi.value! - annual_debt_service.value!, 'noi − annual_debt_service', { noi: noi.value, annual_debt_service: annual_debt_service.value }, 'What the property leaves a year after expenses and the loan.');
  const monthly_cash_flow = usd(annual_cash_flow.value! / 12, 'annual_cash_flow / 12', { annual_cash_flow: annual_cash_flow.value }, 'The same, a month.');
  const cash_on_cash = percent(pct(annual_cash_flow.value!, f.cash_needed.value!), 'annual_cash_flow / cash_needed × 100', { annual_cash_flow: annual_cash_flow.value, cash_needed: f.cash_needed.value }, 'Yearly return on the cash invested.');
  return { noi, cap_rate, annual_debt_service, annual_cash_flow, monthly_cash_flow, cash_on_cash };
}

function flip(i: ScenarioInputs) {
  const total_project_cost = usd(i.purchase_price + i.repairs + i.closing_costs, 'purchase_price + repairs + closing_costs', { purchase_price: i.purchase_price, repairs: i.repairs, closing_costs: i.closing_costs }, 'Everything spent to acquire and renovate.');
  const arv = i.arv ?? null;
  const flip_profit: Figure =
    arv === null
      ? { value: null, unit: 'usd', formula: 'arv − total_project_cost', inputs: { arv: null, total_project_cost: total_project_cost.value }, explanation: 'Not computed: the scenario has no ARV (after-repair value).' }
      : usd(arv - total_project_cost.value!, 'arv − total_project_cost', { arv, total_project_cost: total_project_cost.value }, 'Profit of selling at the ARV, before selling costs and holding costs.');
  const roi = percent(
    flip_profit.value === null ? null : pct(flip_profit.value, total_project_cost.value!),
    'flip_profit / total_project_cost × 100',
    { flip_profit: flip_profit.value, total_project_cost: total_project_cost.value },
    flip_profit.value === null ? 'Not computed: the scenario has no ARV.' : 'Return of the flip on everything it cost.',
  );
  return { total_project_cost, flip_profit, roi };
}

/** Every figure of a scenario, each with its formula, inputs and a sentence saying what it means. */
export function computeScenario(inputs: ScenarioInputs): ScenarioFigures {
  const f = financing(inputs);
  return { ...f, ...rental(inputs, f), ...flip(inputs) };
}

/** Whether a higher value of the figure is better for the buyer (costs are better low). */
export const HIGHER_IS_BETTER: Record<FigureName, boolean> = {
  down_payment: false,
  loan_amount: false,
  monthly_payment: false,
  cash_needed: false,
  noi: true,
  cap_rate: true,
  annual_debt_service: false,
  annual_cash_flow: true,
  monthly_cash_flow: true,
  cash_on_cash: true,
  total_project_cost: false,
  flip_profit: true,
  roi: true,
};
