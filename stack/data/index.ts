/**
 * The data domain: propensity-to-sell signals and score, field provenance, open-data enrichment
 * and data-quality flags. The per-property routes hang off the properties router
 * (`registerPropertyData`, under /properties/{id}/...); `dataRoutes` serves the team-wide ones
 * under /data. Every query is scoped to the caller's team.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerEnrich } from './enrich.js';
import { registerPropensity } from './propensity.js';
import { registerProvenance } from './provenance.js';
import { registerPropertyQuality, registerTeamQuality } from './quality.js';
import { registerSignals } from './signals.js';

export { recordProvenance } from './provenance.js';

/** Registers /properties/{id}/signals, /propensity, /provenance, /enrich and /data-quality on the properties router. */
export function registerPropertyData(app: OpenAPIHono<AppEnv>): void {
  registerSignals(app);
  registerPropensity(app);
  registerProvenance(app);
  registerEnrich(app);
  registerPropertyQuality(app);
}

export function dataRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerTeamQuality(app);
  return app;
}
