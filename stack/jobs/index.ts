/**
 * The jobs domain: submit, status, result, cancel, the team's active jobs, and the dead-letter
 * list for admins. Every route needs an access token and sees only the caller's team's jobs.
 * The worker that runs them is `stack/worker.ts`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerBuiltInJobs } from './handlers/index.js';
import { registerManageJobs } from './manage.js';
import { registerReadJobs } from './read.js';
import { registerSubmitJob } from './submit.js';

export { registerJobHandler, PermanentJobError, type JobHandler, type JobHandlerContext } from './registry.js';
export { submitJob } from './submit.js';

export function jobRoutes(): OpenAPIHono<AppEnv> {
  registerBuiltInJobs();
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerSubmitJob(app);
  // Static paths before /{id}/...: /active and /dead-letter are not ids.
  registerManageJobs(app);
  registerReadJobs(app);
  return app;
}
