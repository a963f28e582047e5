/**
 * GET /properties/{id}/suggested-investors: the team's investors ranked by how well their
 * preferences fit the property (matching.ts), each with a score and a reason per criterion.
 * An investor whose latest verdict on this property is "passed" is ranked last.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findProperty } from '../properties/store.js';
import { investorJson } from './investors.js';
import { matchInvestor } from './matching.js';
import { propertyEconomics } from './property-economics.js';
import { SuggestedInvestors, SuggestedQuery } from './schema.js';
import { investorEngagements, investors } from './tables.js';

const route = createRoute({
  method: 'get',
  path: '/{id}/suggested-investors',
  tags: ['portfolio'],
  summary: 'Investors ranked by fit for a property',
  description:
    'Score 0-100 over five criteria (price 30, type 20, location 20, cap rate 15, strategy 15 points). Cap rate and strategy come from the newest scenario of a deal on the property. ' +
    'A preference left open earns its points; a fact the property lacks earns none. Investors who passed on the property come last.',
  security: bearerAuth,
  request: { params: IdParams, query: SuggestedQuery },
  responses: { 200: jsonResponse(SuggestedInvestors, 'Investors, best fit first'), ...errors(401, 404, 422) },
});

export function registerSuggestedInvestors(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = c.get('user');
    const db = c.get('db');
    const property = await findProperty(db, user, c.req.valid('param').id);
    const [economics, rows, engagements] = await Promise.all([
      propertyEconomics(db, user.teamId, property.id),
      db.select().from(investors).where(eq(investors.teamId, user.teamId)),
      db
        .select({ investorId: investorEngagements.investorId, type: investorEngagements.type })
        .from(investorEngagements)
        .where(and(eq(investorEngagements.teamId, user.teamId), eq(investorEngagements.propertyId, property.id)))
        .orderBy(desc(investorEngagements.createdAt), desc(investorEngagements.id)),
    ]);
    const lastEngagement = new Map<string, (typeof engagements)[number]['type']>();
    for (const e of engagements) if (!lastEngagement.has(e.investorId)) lastEngagement.set(e.investorId, e.type);
    const ranked = rows
      .map((row) => ({ investor: investorJson(row), ...matchInvestor(property, economics, row), last_engagement: lastEngagement.get(row.id) ?? null }))
      .sort((a, b) => Number(a.last_engagement === 'passed') - Number(b.last_engagement === 'passed') || b.score - a.score || a.investor.name.localeCompare(b.investor.name));
    return c.json({ property_id: property.id, cap_rate: economics.capRate, items: ranked.slice(0, c.req.valid('query').limit) }, 200);
  });
}
