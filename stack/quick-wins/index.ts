/**
 * Quick wins, mounted at /quick-wins: the templates suited to a property stage, and one call
 * that sends the stage's template to every lead of the team's properties at that stage, each
 * through the compliance send gate and the job queue. Access token required; sending needs the
 * agent or admin role.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerGenerateAndSend } from './generate.js';
import { registerQuickWinTemplates } from './templates.js';

export { registerQuickWinJobs, QUICK_WIN_SMS_JOB } from './sms-job.js';

export function quickWinRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerQuickWinTemplates(app);
  registerGenerateAndSend(app);
  return app;
}
