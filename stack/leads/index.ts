/**
 * The leads domain: prospects, the activities that reach them, notes, and who works them.
 * Every route needs an access token; writes also need the agent or admin role. Successful writes
 * are announced on the team's event feed (lead.created, lead.updated, lead.deleted) for SSE.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerActivities } from './activities.js';
import { registerAssignLead } from './assign.js';
import { registerCreateLead } from './create.js';
import { registerDeleteLead } from './delete.js';
import { registerGetLead } from './get.js';
import { registerListLeads } from './list.js';
import { registerNotes } from './notes.js';
import { registerUpdateLead } from './update.js';

export function leadRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerCreateLead(app);
  registerListLeads(app);
  registerGetLead(app);
  registerUpdateLead(app);
  registerDeleteLead(app);
  registerActivities(app);
  registerNotes(app);
  registerAssignLead(app);
  return app;
}
