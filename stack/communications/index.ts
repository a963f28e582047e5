/**
 * The communications domain: email threads per lead or property, SMS through a Twilio-shaped
 * provider (SMS_PROVIDER=mock|twilio), and call logs with notes. Every route needs an access
 * token; sends and logs need the agent or admin role. Each change is announced on the team's
 * event feed: communication.created, communication.status_changed (provider webhooks),
 * communication.updated, sms.received.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerCalls } from './calls.js';
import { registerSendEmail } from './email.js';
import { registerGetCommunication, registerListCommunications } from './list.js';
import { registerSms } from './sms.js';
import { registerThreads } from './threads.js';

export function communicationRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  // Fixed paths before /{id}, which would otherwise take "threads" or "calls" for an id.
  registerSendEmail(app);
  registerSms(app);
  registerCalls(app);
  registerThreads(app);
  registerListCommunications(app);
  registerGetCommunication(app);
  return app;
}
