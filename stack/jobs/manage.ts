/**
 * Changing jobs: POST /jobs/{id}/cancel (writers; 409 once finished), and the dead-letter list
 * for team admins: GET /jobs/dead-letter and POST /jobs/dead-letter/{id}/replay (a fresh set of
 * attempts; 409 unless the job is dead).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireRole, requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { cancelJob, listJobs, replayJob } from './queue.js';
import { JobListQuery, JobLocation, JobPage, JobSchema } from './schema.js';
import { toJobJson } from './serialize.js';

const cancelRoute = createRoute({
  method: 'post',
  path: '/{id}/cancel',
  tags: ['jobs'],
  summary: 'Cancel a job that has not finished (a running one stops at its next heartbeat)',
  description: 'A finished job is 409. The job is cancelled for good; it is not retried.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 200: jsonResponse(JobSchema, 'The cancelled job'), ...errors(401, 403, 404, 409) },
});

const deadRoute = createRoute({
  method: 'get',
  path: '/dead-letter',
  tags: ['jobs'],
  summary: 'Jobs that used up their attempts (team admins)',
  description: 'Dead jobs of your team with their last error, newest first; replay one with POST /jobs/dead-letter/{id}/replay.',
  security: bearerAuth,
  middleware: [requireRole('admin')] as const,
  request: { query: JobListQuery },
  responses: { 200: jsonResponse(JobPage, 'Dead jobs, newest first, with their last error'), ...errors(401, 403, 422) },
});

const replayRoute = createRoute({
  method: 'post',
  path: '/dead-letter/{id}/replay',
  tags: ['jobs'],
  summary: 'Queue a dead job again with a fresh set of attempts (team admins)',
  description: 'Only a dead job can be replayed (409 otherwise); it is queued now (202 with its Location).',
  security: bearerAuth,
  middleware: [requireRole('admin')] as const,
  request: { params: IdParams },
  responses: { 202: { ...jsonResponse(JobSchema, 'The job, queued again'), headers: JobLocation }, ...errors(401, 403, 404, 409) },
});

export function registerManageJobs(app: OpenAPIHono<AppEnv>): void {
  app.openapi(deadRoute, async (c) => {
    const { limit, offset } = c.req.valid('query');
    const { rows, total } = await listJobs(c.get('db'), c.get('user').teamId, ['dead'], { limit, offset });
    return c.json({ items: rows.map(toJobJson), total, limit, offset, next_cursor: null }, 200);
  });
  app.openapi(cancelRoute, async (c) => {
    const row = await cancelJob(c.get('db'), c.get('user').teamId, c.req.valid('param').id);
    return c.json(toJobJson(row), 200);
  });
  app.openapi(replayRoute, async (c) => {
    const row = await replayJob(c.get('db'), c.get('user').teamId, c.req.valid('param').id);
    return c.json(toJobJson(row), 202, { Location: `/jobs/${row.id}/status` });
  });
}
