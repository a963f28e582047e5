/**
 * The workflow domain (/workflow): tasks, auto-assign on reply settings, next-best-actions and
 * smart lists. POST /properties/{id}/next-best-actions/generate lives on the properties router
 * (registerGenerateActions). Every route needs an access token; writes
 * need the agent or admin role (settings: admin). Inbound replies reach it through
 * inbound-reply.ts, called where the message is stored.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerNextBestActions } from './next-best-actions.js';
import { registerSettings } from './settings.js';
import { registerSmartLists } from './smart-lists.js';
import { registerTasks } from './tasks.js';

export function workflowRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerTasks(app);
  registerSettings(app);
  registerNextBestActions(app);
  registerSmartLists(app);
  return app;
}

