/**
 * The campaigns domain, mounted at /campaigns: mail templates (shipped and the team's), campaigns
 * with per-recipient delivery status and stats, and the team's unsubscribe list; plus the public
 * unsubscribe link at /unsubscribe. Every /campaigns route needs an access token, writes the
 * agent or admin role. Sending announces campaign.sent, and campaign.completed once every
 * recipient is settled.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerCreateCampaign } from './create.js';
import { registerReadCampaigns } from './read.js';
import { registerSendCampaign } from './send.js';
import { registerTemplateRoutes } from './templates.js';
import { registerUnsubscribeRoutes } from './unsubscribes.js';

export { addUnsubscribe, removeUnsubscribe, unsubscribedOf } from './suppressions.js';
export { deliverCampaign, CampaignDeliveryIncomplete, type DeliveryDeps } from './delivery.js';
export { CAMPAIGN_DELIVER_JOB, registerCampaignJobs } from './deliver-job.js';
export { applyCampaignMailEvent, findCampaignMail, type CampaignMailRef } from './provider-events.js';
export { unsubscribeLinkRoutes } from './unsubscribes.js';

export function campaignRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  // Before /{id}, which would otherwise take "templates" or "unsubscribes" for an id.
  registerTemplateRoutes(app);
  registerUnsubscribeRoutes(app);
  registerCreateCampaign(app);
  registerReadCampaigns(app);
  registerSendCampaign(app);
  return app;
}
