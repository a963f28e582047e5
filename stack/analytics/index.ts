/**
 * The analytics domain: GET /analytics/dashboard and one stats route per domain
 * (/analytics/properties, /leads, /deals, /communications, /campaigns), for the caller's team, computed by
 * SQL from the live data at each request (queries.ts). Any signed-in member may read them.
 */
import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Db } from '../db/client.js';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { validationHook } from '../lib/validation.js';
import { campaignStats, communicationStats, dashboard, dealStats, leadStats, propertyStats } from './queries.js';
import { CampaignStats, CommunicationStats, Dashboard, DealStats, LeadStats, PropertyStats } from './schema.js';

interface StatsRoute {
  path: string;
  summary: string;
  schema: z.ZodType;
  compute(db: Db, teamId: string): Promise<unknown>;
}

const ROUTES: StatsRoute[] = [
  { path: '/dashboard', summary: 'Dashboard: counts, pipeline value, conversion, communication and campaign stats', schema: Dashboard, compute: dashboard },
  { path: '/properties', summary: 'Properties per stage and their list value', schema: PropertyStats, compute: propertyStats },
  { path: '/leads', summary: 'Leads per status and source', schema: LeadStats, compute: leadStats },
  { path: '/deals', summary: 'Deals and pipeline value per stage, win rate', schema: DealStats, compute: dealStats },
  { path: '/communications', summary: 'Communications per channel, direction and status', schema: CommunicationStats, compute: communicationStats },
  { path: '/campaigns', summary: 'Campaigns per status, their recipients by delivery status, opens and clicks', schema: CampaignStats, compute: campaignStats },
];

export function analyticsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  for (const stats of ROUTES) {
    const route = createRoute({
      method: 'get',
      path: stats.path,
      tags: ['analytics'],
      summary: stats.summary,
      description: `${stats.summary}, computed live from your team’s data (nothing is cached or shared with other teams).`,
      security: bearerAuth,
      responses: { 200: jsonResponse(stats.schema, 'Computed from the team’s live data'), ...errors(401) },
    });
    app.openapi(route, async (c) => c.json((await stats.compute(c.get('db'), c.get('user').teamId)) as never, 200, { 'Cache-Control': 'no-store' }));
  }
  return app;
}
