/**
 * The portfolio domain: deal scenarios (underwriting maths with every figure explained),
 * investors with preferences and engagement, investor suggestions and readiness per property,
 * and campaign template performance. Its routes live under four prefixes: /portfolio,
 * /investors, and nested ones under /deals and /properties (routers mounted beside theirs,
 * every route behind `requireAuth`). Writes need the agent or admin role and are announced.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerEngagements } from './engagements.js';
import { registerInvestors } from './investors.js';
import { registerInvestorReadiness } from './readiness.js';
import { registerCompareScenarios, registerDealScenarios } from './scenarios.js';
import { registerSuggestedInvestors } from './suggested.js';
import { registerTemplatePerformance } from './template-performance.js';

function authedRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  return app;
}

/** Mounted at /portfolio. */
export function portfolioRoutes(): OpenAPIHono<AppEnv> {
  const app = authedRouter();
  registerCompareScenarios(app);
  registerTemplatePerformance(app);
  return app;
}

/** Mounted at /investors. */
export function investorRoutes(): OpenAPIHono<AppEnv> {
  const app = authedRouter();
  registerInvestors(app);
  registerEngagements(app);
  return app;
}

/** Mounted at /deals, after the deals router: /deals/{id}/scenarios. */
export function dealScenarioRoutes(): OpenAPIHono<AppEnv> {
  const app = authedRouter();
  registerDealScenarios(app);
  return app;
}

/** Mounted at /properties, after the properties router: suggested investors and readiness. */
export function propertyPortfolioRoutes(): OpenAPIHono<AppEnv> {
  const app = authedRouter();
  registerSuggestedInvestors(app);
  registerInvestorReadiness(app);
  return app;
}
