/**
 * Provider webhooks: no user auth; each route verifies its provider's signature with the
 * configured secret (signatures.ts) before reading anything, so a forged call changes nothing.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerSendgridWebhook } from './sendgrid.js';
import { registerTwilioWebhooks } from './twilio.js';

export function webhookRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  registerSendgridWebhook(app);
  registerTwilioWebhooks(app);
  return app;
}
