/**
 * POST /campaigns/{id}/send: sends a draft (202, status `sending`, its `campaign.deliver` job
 * queued in the same transaction). A campaign already sending or sent is 409, so a double click
 * never mails anyone twice.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { findInTeam } from '../lib/team-scope.js';
import { wakeWorkers } from '../jobs/queue.js';
import { insertCampaignDelivery } from './deliver-job.js';
import { Campaign } from './schema.js';
import { campaignJson } from './serialize.js';
import { campaigns } from './tables.js';

const route = createRoute({
  method: 'post',
  path: '/{id}/send',
  tags: ['campaigns'],
  summary: 'Send a draft campaign',
  description: 'Only a draft can be sent (409 otherwise): it becomes `sending` and a delivery job is queued (202); follow it with GET /campaigns/{id}/stats or the campaign.* events.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 202: jsonResponse(Campaign, 'Accepted: the campaign is sending'), ...errors(401, 403, 404, 409) },
});

export function registerSendCampaign(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const scope = { teamId: c.get('user').teamId, id: c.req.valid('param').id };
    const row = await c.get('db').transaction(async (tx) => {
      const current = await findInTeam(tx, campaigns, scope, { noun: 'campaign', lock: true });
      if (current.status !== 'draft') throw new ProblemError(409, { detail: `The campaign is ${current.status}, not a draft; it can be sent only once.` });
      const [updated] = await tx
        .update(campaigns)
        .set({ status: 'sending', sentAt: new Date(), updatedAt: new Date() })
        .where(and(eq(campaigns.id, scope.id), eq(campaigns.teamId, scope.teamId)))
        .returning();
      await insertCampaignDelivery(tx, updated);
      return updated;
    });
    const json = campaignJson(row);
    await announce(c, 'campaign.sent', json);
    wakeWorkers();
    return c.json(json, 202);
  });
}
