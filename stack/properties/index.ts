/**
 * The properties domain: listings of the caller's team and their pipeline stage. Every route
 * needs an access token; writes also need a writer role (viewers read only). Every query is
 * scoped to the caller's team, so another team's property answers 404 like a missing one.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerCreateProperty } from './create.js';
import { registerDeleteProperty } from './delete.js';
import { registerGetProperty } from './get.js';
import { registerListProperties } from './list.js';
import { registerChangeStage } from './stage.js';
import { registerTimeline } from './timeline.js';
import { registerUpdateProperty } from './update.js';
import { registerPropertyImages } from '../property-images/index.js';
import { registerPropertyMemo } from '../jobs/property-memo.js';
import { registerPropertyData } from '../data/index.js';
import { registerGenerateActions } from '../workflow/next-best-actions.js';

export { PROPERTY_STAGES, PROPERTY_TYPES } from './schema.js';

export function propertyRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerListProperties(app);
  registerCreateProperty(app);
  registerGetProperty(app);
  registerUpdateProperty(app);
  registerDeleteProperty(app);
  registerChangeStage(app);
  registerTimeline(app);
  registerPropertyImages(app);
  registerPropertyMemo(app);
  registerPropertyData(app);
  registerGenerateActions(app);
  return app;
}
