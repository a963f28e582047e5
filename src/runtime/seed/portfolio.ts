/**
 * The seed's sharing and portfolio step: two investors with preferences, a deal scenario and a
 * deal room on the first demo deal, and a share link to its property, so a demo opens with the
 * suggestions, the figures, the room and a public link populated. Found by natural key (investor
 * email, scenario and room name, an active link to the property) before anything is created.
 */
import type { SeedContext, SeedCounts, SeedStep } from './index.js';
import { DEMO_DEALS, DEMO_PROPERTIES } from './data.js';

type Item = { id: string; [key: string]: unknown };

export const DEMO_INVESTORS = [
  {
    name: 'Lone Star Yield Fund',
    email: 'acquisitions@lonestar-yield.demo.reos.test',
    min_price: 300000,
    max_price: 600000,
    property_types: ['single_family', 'townhouse'],
    states: ['TX'],
    cities: ['Austin'],
    min_cap_rate: 5,
    strategies: ['buy_and_hold'],
    notes: 'Closes in 21 days, cash or DSCR loan.',
  },
  {
    name: 'Midwest Value Partners',
    email: 'deals@midwest-value.demo.reos.test',
    min_price: 150000,
    max_price: 400000,
    property_types: ['single_family'],
    states: ['OH', 'IL'],
    min_cap_rate: 7,
    strategies: ['flip', 'brrrr'],
    notes: 'Prefers value-add with an ARV spread.',
  },
] as const;

const DEMO_DEAL = DEMO_DEALS[0];
const DEMO_PROPERTY = DEMO_PROPERTIES.find((p) => p.address === DEMO_DEAL.property)!;
export const DEMO_SCENARIO = {
  name: 'Demo: 25% down rental',
  purchase_price: DEMO_PROPERTY.price,
  repairs: 15000,
  closing_costs: 9000,
  down_payment_pct: 25,
  interest_rate_pct: 6.5,
  term_years: 30,
  monthly_rent: 3400,
  monthly_expenses: 1100,
  arv: 520000,
};
export const DEMO_ROOM_NAME = `${DEMO_DEAL.property} - due diligence`;

async function items(ctx: SeedContext, path: string): Promise<Item[]> {
  const separator = path.includes('?') ? '&' : '?';
  const page = (await ctx.api.call('GET', `${path}${separator}limit=100`, { token: ctx.token, expect: [200] })) as { items: Item[] };
  return page.items;
}

export const portfolioStep: SeedStep = {
  name: 'portfolio',
  async run(ctx): Promise<SeedCounts> {
    let created = 0;
    let existing = 0;
    const ensure = async (found: boolean, create: () => Promise<unknown>) => {
      if (found) existing++;
      else {
        await create();
        created++;
      }
    };
    const investors = await items(ctx, '/investors');
    for (const investor of DEMO_INVESTORS) {
      await ensure(investors.some((i) => i.email === investor.email), () => ctx.api.call('POST', '/investors', { token: ctx.token, body: investor, expect: [201] }));
    }
    const deal = (await items(ctx, `/deals?property_id=${ctx.ids.get(`property:${DEMO_PROPERTY.address}`)}`)).find((d) => d.title === DEMO_DEAL.title);
    if (!deal) throw new Error(`the demo deal "${DEMO_DEAL.title}" is missing; the deals step runs first`);
    const scenarios = await items(ctx, `/deals/${deal.id}/scenarios`);
    await ensure(scenarios.some((s) => s.name === DEMO_SCENARIO.name), () => ctx.api.call('POST', `/deals/${deal.id}/scenarios`, { token: ctx.token, body: DEMO_SCENARIO, expect: [201] }));
    const rooms = await items(ctx, `/deal-rooms?deal_id=${deal.id}`);
    await ensure(rooms.some((r) => r.name === DEMO_ROOM_NAME), () => ctx.api.call('POST', '/deal-rooms', { token: ctx.token, body: { deal_id: deal.id, name: DEMO_ROOM_NAME }, expect: [201] }));
    const propertyId = ctx.ids.get(`property:${DEMO_PROPERTY.address}`)!;
    const links = await items(ctx, `/share-links?resource_type=property&resource_id=${propertyId}`);
    await ensure(links.some((l) => l.status === 'active'), () =>
      ctx.api.call('POST', '/share-links', { token: ctx.token, body: { resource_type: 'property', resource_id: propertyId, expires_in_days: 30 }, expect: [201] }),
    );
    return { created, existing };
  },
};
