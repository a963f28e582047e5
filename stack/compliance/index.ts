/**
 * The compliance domain, mounted at /compliance: do-not-call list, opt-outs, consent records,
 * state disclaimers, cadence rules, and the send gate (validate-send, decisions). Every route
 * needs an access token; writes need the agent or admin role. `checkSend` (gate.ts) is what
 * every email and SMS in the platform passes before it is sent.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerCadenceRoutes } from './cadence-routes.js';
import { registerConsents } from './consent.js';
import { registerDecisions } from './decisions.js';
import { registerDisclaimers } from './disclaimers.js';
import { registerDnc } from './dnc.js';
import { registerOptOuts } from './opt-outs.js';

export { checkSend, describeReasons, type SendDecision, type SendRequest } from './gate.js';
export { upsertCadenceRules, type CadenceRuleInput } from './cadence.js';

export function complianceRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerDnc(app);
  registerOptOuts(app);
  registerConsents(app);
  registerDisclaimers(app);
  registerCadenceRoutes(app);
  registerDecisions(app);
  return app;
}
