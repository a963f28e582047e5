/**
 * POST /properties/{id}/memo: the shortcut for `POST /jobs {type: property.memo}`; answers 202
 * with the job. Registered on the properties router.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findInTeam } from '../lib/team-scope.js';
import { properties } from '../db/schema.js';
import { MEMO_JOB, registerBuiltInJobs } from './handlers/index.js';
import { JobLocation, JobSchema } from './schema.js';
import { submitJob } from './submit.js';

const route = createRoute({
  method: 'post',
  path: '/{id}/memo',
  tags: ['properties'],
  summary: 'Generate the property’s PDF memo in the background',
  description: 'Queues a `property.memo` job; poll its Location, then GET /jobs/{id}/result for the PDF.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 202: { ...jsonResponse(JobSchema, 'The queued memo job'), headers: JobLocation }, ...errors(401, 403, 404) },
});

export function registerPropertyMemo(app: OpenAPIHono<AppEnv>): void {
  registerBuiltInJobs();
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    await findInTeam(c.get('db'), properties, { teamId: c.get('user').teamId, id }, { noun: 'property' });
    return submitJob(c, MEMO_JOB, { property_id: id }) as never;
  });
}
