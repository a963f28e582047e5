/**
 * The onboarding domain (/onboarding): the caller's self-ticking checklist and the presets that
 * set a team's pipeline stages, campaign templates and cadence rules in one call. The team's
 * stages (stages.ts) are what property writes are checked against.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerChecklist } from './checklist.js';
import { registerPresets } from './presets-routes.js';

export function onboardingRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerChecklist(app);
  registerPresets(app);
  return app;
}
