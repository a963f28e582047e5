/**
 * The propensity-to-sell model: a logistic model over the property's signals and its own
 * history, pure and deterministic (no clock, no random numbers: the caller passes `now`).
 *
 *   z = BIAS + sum(weight_i * x_i),  score = round(100 / (1 + e^-z))
 *
 * Each feature's `x` is its value scaled to 0..1 (capped: 20 years owned count as much as 40).
 * A property with no signal scores 8 (BIAS = -2.5). The explanation gives each feature's
 * log-odds (`weight * x`) and its `points`: the score points it adds when features are applied
 * strongest first, so `baseline + sum(points) = score` before rounding; the order makes the split
 * of the logistic curve's non-linearity unambiguous.
 */

export const BIAS = -2.5;

type Value = number | boolean;

interface FeatureSpec {
  /** Log-odds added at x = 1. */
  weight: number;
  /** The allowed values; a message when `value` is not one. */
  check(value: Value): string | undefined;
  /** The value scaled to 0..1. */
  scale(value: Value): number;
  describe(value: Value): string;
}

const bool = (value: Value) => (typeof value === 'boolean' ? undefined : 'must be true or false');
const numberIn = (min: number, max: number, integer = false) => (value: Value) =>
  typeof value !== 'number' || value < min || value > max || (integer && !Number.isInteger(value))
    ? `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`
    : undefined;
const boolOrCount = (value: Value) => (typeof value === 'boolean' ? undefined : numberIn(0, 1000, true)(value) && 'must be true, false or a whole count from 0 to 1000');
const capped = (cap: number) => (value: Value) => Math.min(Number(value), cap) / cap;
const count = (value: Value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** The signal types a client may record, with their weights. */
export const SIGNAL_MODEL = {
  years_owned: { weight: 1.2, check: numberIn(0, 200), scale: capped(20), describe: (v) => `Owned for ${v} years (long tenure; capped at 20)` },
  absentee_owner: { weight: 1.0, check: bool, scale: (v) => (v ? 1 : 0), describe: (v) => (v ? 'The owner does not live there' : 'The owner lives there') },
  tax_delinquent: { weight: 1.6, check: bool, scale: (v) => (v ? 1 : 0), describe: (v) => (v ? 'Property taxes are delinquent' : 'Property taxes are current') },
  price_drop: { weight: 0.9, check: numberIn(0, 100), scale: capped(20), describe: (v) => `Asking price dropped ${v}% (capped at 20%)` },
  days_on_market: { weight: 0.8, check: numberIn(0, 10_000, true), scale: capped(180), describe: (v) => `${v} days on the market (capped at 180)` },
  equity_pct: { weight: 1.0, check: numberIn(0, 100), scale: capped(100), describe: (v) => `The owner holds ${v}% equity` },
  code_violation: { weight: 0.7, check: boolOrCount, scale: (v) => Math.min(count(v), 3) / 3, describe: (v) => `${count(v)} open code violation(s) (capped at 3)` },
  recent_inquiry: { weight: 0.6, check: boolOrCount, scale: (v) => Math.min(count(v), 3) / 3, describe: (v) => `${count(v)} recent inquiry(ies) about selling (capped at 3)` },
} satisfies Record<string, FeatureSpec>;

export type SignalType = keyof typeof SIGNAL_MODEL;
export const SIGNAL_TYPES = Object.keys(SIGNAL_MODEL) as SignalType[];

/** Features read from the property's own history rather than from recorded signals. */
export const HISTORY_MODEL = {
  history_price_drops: { weight: 0.5, scale: capped(3), describe: (v: number) => `${v} price reduction(s) in the property's history (capped at 3)` },
  history_stage_changes: { weight: 0.3, scale: capped(4), describe: (v: number) => `${v} pipeline stage change(s) (capped at 4)` },
  history_communications: { weight: 0.5, scale: capped(5), describe: (v: number) => `${v} communication(s) about the property in the last 90 days (capped at 5)` },
} as const;

export type HistoryFeature = keyof typeof HISTORY_MODEL;

export function checkSignalValue(type: SignalType, value: Value): string | undefined {
  return SIGNAL_MODEL[type].check(value);
}

export interface ModelInput {
  /** The newest value of each recorded signal type, with where it came from. */
  signals: { type: SignalType; value: Value; source: string; observed_at: string }[];
  history: Record<HistoryFeature, number>;
}

export interface Contribution {
  feature: string;
  kind: 'signal' | 'history';
  value: Value;
  weight: number;
  /** The value scaled to 0..1. */
  scaled: number;
  /** weight * scaled: what the feature adds to z. */
  log_odds: number;
  /** Score points the feature adds (strongest first along the curve); sums to score - baseline. */
  points: number;
  text: string;
  source?: string;
  observed_at?: string;
}

export interface Propensity {
  score: number;
  band: 'low' | 'medium' | 'high';
  baseline: number;
  log_odds: number;
  model: { kind: 'logistic'; bias: number; version: string };
  contributions: Contribution[];
}

const sigmoid = (z: number) => 100 / (1 + Math.exp(-z));
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function scorePropensity(input: ModelInput): Propensity {
  const features: Omit<Contribution, 'points'>[] = [
    ...input.signals.map((s) => {
      const spec: FeatureSpec = SIGNAL_MODEL[s.type];
      const scaled = spec.scale(s.value);
      return { feature: s.type, kind: 'signal' as const, value: s.value, weight: spec.weight, scaled: round(scaled, 4), log_odds: spec.weight * scaled, text: spec.describe(s.value), source: s.source, observed_at: s.observed_at };
    }),
    ...(Object.keys(HISTORY_MODEL) as HistoryFeature[])
      .filter((name) => input.history[name] > 0)
      .map((name) => {
        const spec = HISTORY_MODEL[name];
        const value = input.history[name];
        const scaled = spec.scale(value);
        return { feature: name, kind: 'history' as const, value, weight: spec.weight, scaled: round(scaled, 4), log_odds: spec.weight * scaled, text: spec.describe(value) };
      }),
  ];
  // Strongest first, then by name: the same input always splits the points the same way.
  features.sort((a, b) => Math.abs(b.log_odds) - Math.abs(a.log_odds) || a.feature.localeCompare(b.feature));
  let z = BIAS;
  const contributions = features.map((f) => {
    const before = sigmoid(z);
    z += f.log_odds;
    return { ...f, log_odds: round(f.log_odds, 4), points: round(sigmoid(z) - before, 2) };
  });
  const score = Math.round(sigmoid(z));
  return {
    score,
    band: score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low',
    baseline: round(sigmoid(BIAS), 2),
    log_odds: round(z, 4),
    model: { kind: 'logistic', bias: BIAS, version: '1' },
    contributions,
  };
}
