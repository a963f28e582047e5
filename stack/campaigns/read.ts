/**
 * Reading campaigns: GET /campaigns (newest first), GET /campaigns/{id} (with each recipient's
 * delivery status) and GET /campaigns/{id}/stats. Another team's campaign is 404.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findInTeam } from '../lib/team-scope.js';
import { CampaignDetail, CampaignListQuery, CampaignPage, CampaignStats } from './schema.js';
import { campaignJson, recipientJson } from './serialize.js';
import { campaignStats } from './stats.js';
import { campaignRecipients, campaigns } from './tables.js';

const tags = ['campaigns'];

const list = createRoute({ method: 'get', path: '/', tags, summary: 'List campaigns', description: 'Your team’s campaigns, newest first, filterable by status, with cursor or offset paging.', security: bearerAuth, request: { query: CampaignListQuery }, responses: { 200: jsonResponse(CampaignPage, 'A page of campaigns, newest first'), ...errors(401, 422) } });
const get = createRoute({ method: 'get', path: '/{id}', tags, summary: 'Get a campaign with each recipient’s delivery status', description: 'One campaign of your team and its recipients (pending, sent, delivered, failed, skipped); another team’s id is 404.', security: bearerAuth, request: { params: IdParams }, responses: { 200: jsonResponse(CampaignDetail, 'The campaign'), ...errors(401, 404) } });
const stats = createRoute({ method: 'get', path: '/{id}/stats', tags, summary: 'Delivery counters of a campaign', description: 'Recipients by delivery status plus opens, clicks and unsubscribed skips, as SendGrid events and the worker report them.', security: bearerAuth, request: { params: IdParams }, responses: { 200: jsonResponse(CampaignStats, 'Counters computed from the recipients'), ...errors(401, 404) } });

export function registerReadCampaigns(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const where = and(eq(campaigns.teamId, c.get('user').teamId), query.status === undefined ? undefined : eq(campaigns.status, query.status));
    return c.json(await listPage(c.get('db'), { table: campaigns, where, page: query, toItem: campaignJson }), 200);
  });

  app.openapi(get, async (c) => {
    const db = c.get('db');
    const row = await findInTeam(db, campaigns, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun: 'campaign' });
    const recipients = await db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, row.id)).orderBy(asc(campaignRecipients.email));
    return c.json({ ...campaignJson(row), recipients: recipients.map(recipientJson) }, 200);
  });

  app.openapi(stats, async (c) => {
    const db = c.get('db');
    const row = await findInTeam(db, campaigns, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun: 'campaign' });
    return c.json(await campaignStats(db, row), 200);
  });
}
