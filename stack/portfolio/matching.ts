/**
 * How well an investor's preferences fit a property: one result per criterion (price, type,
 * location, cap rate, strategy) with the points earned, the points possible and a sentence why,
 * and a score of 0-100. Pure: the route gathers the property, its newest scenario and the
 * investors, and this decides. A criterion the investor left open earns its points ("no
 * preference"); one the property cannot answer (no price, no scenario) earns none ("unknown").
 */
import type { InvestorStrategy } from './tables.js';

export type CriterionStatus = 'match' | 'partial' | 'mismatch' | 'no_preference' | 'unknown';
export type CriterionName = 'price' | 'property_type' | 'location' | 'cap_rate' | 'strategy';

export interface CriterionResult {
  criterion: CriterionName;
  status: CriterionStatus;
  points: number;
  max_points: number;
  reason: string;
}

export interface MatchProperty {
  price: number | null;
  propertyType: string | null;
  city: string;
  state: string;
}

export interface MatchPreferences {
  minPrice: number | null;
  maxPrice: number | null;
  propertyTypes: string[];
  states: string[];
  cities: string[];
  minCapRate: number | null;
  strategies: InvestorStrategy[];
}

/** What the property's newest scenario says: its cap rate and the strategies its numbers support. */
export interface MatchEconomics {
  capRate: number | null;
  strategies: { strategy: InvestorStrategy; why: string }[];
}

export const WEIGHTS: Record<CriterionName, number> = { price: 30, property_type: 20, location: 20, cap_rate: 15, strategy: 15 };

const money = (n: number) => `$${n.toLocaleString('en-US')}`;
const result = (criterion: CriterionName, status: CriterionStatus, reason: string, share = status === 'match' || status === 'no_preference' ? 1 : 0): CriterionResult => ({
  criterion,
  status,
  points: Math.round(WEIGHTS[criterion] * share * 100) / 100,
  max_points: WEIGHTS[criterion],
  reason,
});

function priceFit(p: MatchProperty, i: MatchPreferences): CriterionResult {
  if (i.minPrice === null && i.maxPrice === null) return result('price', 'no_preference', 'No price range set.');
  if (p.price === null) return result('price', 'unknown', 'The property has no price yet.');
  const range = `${i.minPrice === null ? 'any' : money(i.minPrice)} to ${i.maxPrice === null ? 'any' : money(i.maxPrice)}`;
  const inside = (i.minPrice === null || p.price >= i.minPrice) && (i.maxPrice === null || p.price <= i.maxPrice);
  return result('price', inside ? 'match' : 'mismatch', `Price ${money(p.price)} is ${inside ? 'within' : 'outside'} the range ${range}.`);
}

function typeFit(p: MatchProperty, i: MatchPreferences): CriterionResult {
  if (i.propertyTypes.length === 0) return result('property_type', 'no_preference', 'Any property type.');
  if (p.propertyType === null) return result('property_type', 'unknown', 'The property type is not set.');
  const ok = i.propertyTypes.includes(p.propertyType);
  return result('property_type', ok ? 'match' : 'mismatch', `${p.propertyType} is ${ok ? '' : 'not '}among ${i.propertyTypes.join(', ')}.`);
}

function locationFit(p: MatchProperty, i: MatchPreferences): CriterionResult {
  if (i.states.length === 0 && i.cities.length === 0) return result('location', 'no_preference', 'Anywhere.');
  const stateOk = i.states.length === 0 || i.states.includes(p.state.toUpperCase());
  const cityOk = i.cities.length === 0 || i.cities.some((c) => c.toLowerCase() === p.city.toLowerCase());
  const where = `${p.city}, ${p.state}`;
  if (stateOk && cityOk) return result('location', 'match', `${where} is in the preferred ${i.cities.length ? 'cities' : 'states'}.`);
  if (stateOk && i.states.length > 0) return result('location', 'partial', `${where}: the state fits but not the city (${i.cities.join(', ')}).`, 0.5);
  return result('location', 'mismatch', `${where} is outside ${[...i.states, ...i.cities].join(', ')}.`);
}

function capRateFit(e: MatchEconomics, i: MatchPreferences): CriterionResult {
  if (i.minCapRate === null) return result('cap_rate', 'no_preference', 'No minimum cap rate.');
  if (e.capRate === null) return result('cap_rate', 'unknown', 'No deal scenario gives this property a cap rate yet.');
  const ok = e.capRate >= i.minCapRate;
  return result('cap_rate', ok ? 'match' : 'mismatch', `Cap rate ${e.capRate}% is ${ok ? 'at or above' : 'below'} the minimum ${i.minCapRate}%.`);
}

function strategyFit(e: MatchEconomics, i: MatchPreferences): CriterionResult {
  if (i.strategies.length === 0) return result('strategy', 'no_preference', 'Any strategy.');
  if (e.strategies.length === 0) return result('strategy', 'unknown', 'No deal scenario shows which strategies the numbers support.');
  const fits = e.strategies.filter((s) => i.strategies.includes(s.strategy));
  return fits.length > 0
    ? result('strategy', 'match', `Supports ${fits.map((s) => `${s.strategy} (${s.why})`).join('; ')}.`)
    : result('strategy', 'mismatch', `The numbers support ${e.strategies.map((s) => s.strategy).join(', ')}, not ${i.strategies.join(', ')}.`);
}

export function matchInvestor(property: MatchProperty, economics: MatchEconomics, preferences: MatchPreferences): { score: number; criteria: CriterionResult[] } {
  const criteria = [priceFit(property, preferences), typeFit(property, preferences), locationFit(property, preferences), capRateFit(economics, preferences), strategyFit(economics, preferences)];
  const earned = criteria.reduce((sum, c) => sum + c.points, 0);
  const possible = criteria.reduce((sum, c) => sum + c.max_points, 0);
  return { score: Math.round((earned / possible) * 1000) / 10, criteria };
}

/** The strategies a scenario's figures support, each with the figure that says so. */
export function supportedStrategies(figures: { monthlyCashFlow: number | null; flipProfit: number | null; monthlyRent: number; arv: number | null; price: number; repairs: number }): MatchEconomics['strategies'] {
  const out: MatchEconomics['strategies'] = [];
  if (figures.monthlyRent > 0 && figures.monthlyCashFlow !== null && figures.monthlyCashFlow > 0) out.push({ strategy: 'buy_and_hold', why: `cash flow $${figures.monthlyCashFlow}/month` });
  if (figures.flipProfit !== null && figures.flipProfit > 0) out.push({ strategy: 'flip', why: `flip profit $${figures.flipProfit}` });
  if (figures.monthlyRent > 0 && figures.arv !== null && figures.arv > figures.price + figures.repairs) out.push({ strategy: 'brrrr', why: 'rents, and the ARV exceeds price plus repairs' });
  if (figures.arv !== null && figures.price <= figures.arv * 0.7 - figures.repairs) out.push({ strategy: 'wholesale', why: 'price within 70% of ARV less repairs' });
  return out;
}
