/**
 * What the portfolio knows about a property's economics: its newest deal scenario (through the
 * deals on the property), shared by the investor suggestions and the readiness checklist.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deals } from '../db/schema.js';
import type { MatchEconomics } from './matching.js';
import { supportedStrategies } from './matching.js';
import { computeScenario, type ScenarioInputs } from './scenario-math.js';
import { dealScenarios } from './tables.js';

export interface PropertyEconomics extends MatchEconomics {
  scenario: { id: string; name: string; deal_id: string } | null;
}

export async function propertyEconomics(db: Db, teamId: string, propertyId: string): Promise<PropertyEconomics> {
  const [newest] = await db
    .select({ id: dealScenarios.id, name: dealScenarios.name, dealId: dealScenarios.dealId, inputs: dealScenarios.inputs })
    .from(dealScenarios)
    .innerJoin(deals, and(eq(deals.id, dealScenarios.dealId), eq(deals.teamId, teamId)))
    .where(and(eq(dealScenarios.teamId, teamId), eq(deals.propertyId, propertyId)))
    .orderBy(desc(dealScenarios.createdAt), desc(dealScenarios.id))
    .limit(1);
  if (!newest) return { scenario: null, capRate: null, strategies: [] };
  const inputs = newest.inputs as unknown as ScenarioInputs;
  const f = computeScenario(inputs);
  return {
    scenario: { id: newest.id, name: newest.name, deal_id: newest.dealId },
    capRate: f.cap_rate.value,
    strategies: supportedStrategies({
      monthlyCashFlow: f.monthly_cash_flow.value,
      flipProfit: f.flip_profit.value,
      monthlyRent: inputs.monthly_rent,
      arv: inputs.arv ?? null,
      price: inputs.purchase_price,
      repairs: inputs.repairs,
    }),
  };
}
