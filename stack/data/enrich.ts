/**
 * POST /properties/{id}/enrich: queues a `property.enrichment` job for the property and answers
 * 202 with it (see enrichment.ts for what the job does).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { registerBuiltInJobs } from '../jobs/handlers/index.js';
import { ENRICHMENT_JOB } from '../jobs/handlers/enrichment.js';
import { JobLocation, JobSchema } from '../jobs/schema.js';
import { submitJob } from '../jobs/submit.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findProperty } from '../properties/store.js';

const route = createRoute({
  method: 'post',
  path: '/{id}/enrich',
  tags: ['data'],
  summary: 'Enrich a property from the shipped open data (a background job)',
  description:
    'Queues a `property.enrichment` job and answers 202 with it; poll its Location. The job matches the property by normalised address and ZIP against ' +
    'the county-parcels data set (synthetic, shipped with the stack), fills empty fields only, stores the parcel attributes, records provenance ' +
    '`enrichment:county-parcels` and adds years_owned / absentee_owner signals. No match completes with `result.matched: false`.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 202: { ...jsonResponse(JobSchema, 'The queued enrichment job'), headers: JobLocation }, ...errors(401, 403, 404) },
});

export function registerEnrich(app: OpenAPIHono<AppEnv>): void {
  registerBuiltInJobs();
  app.openapi(route, async (c) => {
    const property = await findProperty(c.get('db'), c.get('user'), c.req.valid('param').id);
    return submitJob(c, ENRICHMENT_JOB, { property_id: property.id }) as never;
  });
}
