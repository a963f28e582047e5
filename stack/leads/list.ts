/**
 * GET /leads: the team's leads, newest first, filtered by status, source, assignee, property or
 * a text search over name, email and phone.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { and, eq, ilike, or, sql } from 'drizzle-orm';
import { leads } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { containsPattern, listPage } from '../lib/list-page.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { LeadListQuery, LeadPage } from './schema.js';
import { leadJson } from './serialize.js';

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['leads'],
  summary: 'List leads',
  description: 'Filterable by status, source, assignee, property and a text search, with cursor or offset paging.',
  security: bearerAuth,
  request: { query: LeadListQuery },
  responses: { 200: jsonResponse(LeadPage, 'A page of leads, newest first'), ...errors(401, 422) },
});

function leadFilter(teamId: string, query: z.infer<typeof LeadListQuery>) {
  const pattern = query.q === undefined ? undefined : containsPattern(query.q);
  return and(
    eq(leads.teamId, teamId),
    query.status === undefined ? undefined : eq(leads.status, query.status),
    query.source === undefined ? undefined : sql`lower(${leads.source}) = lower(${query.source})`,
    query.assigned_to === undefined ? undefined : eq(leads.assignedTo, query.assigned_to),
    query.property_id === undefined ? undefined : eq(leads.propertyId, query.property_id),
    pattern === undefined ? undefined : or(ilike(leads.name, pattern), ilike(leads.email, pattern), ilike(leads.phone, pattern)),
  );
}

export function registerListLeads(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listPage(c.get('db'), {
      table: leads,
      where: leadFilter(c.get('user').teamId, query),
      page: query,
      toItem: leadJson,
    });
    return c.json(page, 200);
  });
}
