/**
 * The deals domain: the pipeline from prospecting to a closed deal, with each deal's history and
 * a per-stage summary. Every route needs an access token; writes also need the agent or admin role.
 * Successful writes are announced on the team's event feed (deal.created, deal.updated,
 * deal.status_changed with from/to, deal.deleted) for SSE.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerCreateDeal } from './create.js';
import { registerDeleteDeal } from './delete.js';
import { registerGetDeal } from './get.js';
import { registerDealHistory } from './history.js';
import { registerListDeals } from './list.js';
import { registerDealPipeline } from './pipeline.js';
import { registerUpdateDeal } from './update.js';

export function dealRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  // Before /{id}, which would otherwise take "pipeline" for an id.
  registerDealPipeline(app);
  registerCreateDeal(app);
  registerListDeals(app);
  registerGetDeal(app);
  registerUpdateDeal(app);
  registerDeleteDeal(app);
  registerDealHistory(app);
  return app;
}
