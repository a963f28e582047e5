/**
 * GET /deals: the team's deals, newest first, filtered by status, lead, property or value range.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { and, eq, gte, lte } from 'drizzle-orm';
import { deals } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { DealListQuery, DealPage } from './schema.js';
import { dealJson } from './serialize.js';

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['deals'],
  summary: 'List deals',
  description: 'Your team’s deals, filterable by status, lead, property and value range, with cursor or offset paging.',
  security: bearerAuth,
  request: { query: DealListQuery },
  responses: { 200: jsonResponse(DealPage, 'A page of deals, newest first'), ...errors(401, 422) },
});

function dealFilter(teamId: string, query: z.infer<typeof DealListQuery>) {
  return and(
    eq(deals.teamId, teamId),
    query.status === undefined ? undefined : eq(deals.status, query.status),
    query.lead_id === undefined ? undefined : eq(deals.leadId, query.lead_id),
    query.property_id === undefined ? undefined : eq(deals.propertyId, query.property_id),
    // A deal without a value matches no value range.
    query.min_value === undefined ? undefined : gte(deals.value, query.min_value),
    query.max_value === undefined ? undefined : lte(deals.value, query.max_value),
  );
}

export function registerListDeals(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listPage(c.get('db'), { table: deals, where: dealFilter(c.get('user').teamId, query), page: query, toItem: dealJson });
    return c.json(page, 200);
  });
}
