/**
 * The seed's data step: propensity signals on a few demo properties, and one open-data
 * enrichment (123 Demo St is in the shipped parcels). The enrichment is queued through
 * POST /properties/{id}/enrich like any client's; the stack's worker runs it when `reos up` starts
 * (the seed runs no worker). Signals are matched by type and source, and the enrichment counts as
 * done once the property's provenance names the data set or its job is still waiting, so a second
 * run creates nothing.
 */
import type { SeedCounts, SeedStep } from './index.js';

const SOURCE = 'demo-seed';
const OBSERVED = '2026-10-15T00:00:00Z';

export const DEMO_SIGNALS: { property: string; signals: { type: string; value: number | boolean }[] }[] = [
  { property: '123 Demo St', signals: [{ type: 'tax_delinquent', value: true }, { type: 'days_on_market', value: 95 }] },
  { property: '901 Maple Ave', signals: [{ type: 'years_owned', value: 26 }, { type: 'equity_pct', value: 85 }, { type: 'code_violation', value: 1 }] },
  { property: '48 Harbor View Dr', signals: [{ type: 'recent_inquiry', value: 2 }, { type: 'price_drop', value: 5 }] },
];

export const DEMO_ENRICHED = '123 Demo St';

export const dataStep: SeedStep = {
  name: 'data',
  async run(ctx) {
    const counts: SeedCounts = { created: 0, existing: 0 };
    for (const { property, signals } of DEMO_SIGNALS) {
      const id = ctx.ids.get(`property:${property}`)!;
      const listed = (await ctx.api.call('GET', `/properties/${id}/signals?limit=100`, { token: ctx.token, expect: [200] })) as { items: { type: string; source: string }[] };
      for (const signal of signals) {
        if (listed.items.some((s) => s.type === signal.type && s.source === SOURCE)) {
          counts.existing++;
          continue;
        }
        await ctx.api.call('POST', `/properties/${id}/signals`, { token: ctx.token, body: { ...signal, source: SOURCE, observed_at: OBSERVED }, expect: [201] });
        counts.created++;
      }
    }
    const id = ctx.ids.get(`property:${DEMO_ENRICHED}`)!;
    const provenance = (await ctx.api.call('GET', `/properties/${id}/provenance`, { token: ctx.token, expect: [200] })) as { fields: { source_kind: string }[] };
    const active = (await ctx.api.call('GET', '/jobs/active?limit=100', { token: ctx.token, expect: [200] })) as { items: { type: string; payload: { property_id?: string } }[] };
    const queued = active.items.some((j) => j.type === 'property.enrichment' && j.payload.property_id === id);
    if (queued || provenance.fields.some((f) => f.source_kind === 'enrichment')) counts.existing++;
    else {
      await ctx.api.call('POST', `/properties/${id}/enrich`, { token: ctx.token, expect: [202] });
      counts.created++;
    }
    return counts;
  },
};
