/**
 * The dead-letter queue for team admins: GET /admin/dlq/stats (by type and error), GET /admin/dlq
 * (the list, or the archived jobs), POST /admin/dlq/{id}/replay and POST /admin/dlq/replay (bulk,
 * by type, error text and age; returns how many), POST /admin/dlq/{id}/archive, and
 * GET /admin/dlq/alerts (DLQ_ALERT_SIZE / DLQ_ALERT_AGE_SECONDS crossed).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { announce } from '../events/announce.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { listJobs, replayJob } from '../jobs/queue.js';
import { JobLocation, JobPage, JobSchema } from '../jobs/schema.js';
import { toJobJson } from '../jobs/serialize.js';
import { archiveDeadJob, dlqAlerts, dlqStats, replayDeadJobs } from './dlq-store.js';
import { BulkReplayBody, BulkReplayResult, DlqAlertsSchema, DlqListQuery, DlqStatsSchema } from './schema.js';

const ADMIN = { tags: ['admin'], security: bearerAuth };

const statsRoute = createRoute({
  ...ADMIN,
  method: 'get',
  path: '/dlq/stats',
  summary: 'Dead jobs counted by type and by error',
  description: 'Counts of the team’s dead-letter jobs grouped by job type and by last error. Admins only (403 otherwise).',
  responses: { 200: jsonResponse(DlqStatsSchema, 'The team’s dead-letter statistics'), ...errors(401, 403) },
});

const listRoute = createRoute({
  ...ADMIN,
  method: 'get',
  path: '/dlq',
  summary: 'The dead-letter list (or the archived jobs), newest first',
  description: 'Jobs that used up their attempts, with their last error; `state=archived` lists the ones set aside instead. Admins only (403 otherwise).',
  request: { query: DlqListQuery },
  responses: { 200: jsonResponse(JobPage, 'A page of dead (or archived) jobs with their last error'), ...errors(401, 403, 422) },
});

const replayRoute = createRoute({
  ...ADMIN,
  method: 'post',
  path: '/dlq/{id}/replay',
  summary: 'Queue one dead job again with a fresh set of attempts',
  description: 'Answers 202 with the job queued again and its status URL in Location. A job that is not dead (already replayed, archived, still running) is a 409; another team’s job is a 404. Admins only.',
  request: { params: IdParams },
  responses: { 202: { ...jsonResponse(JobSchema, 'The job, queued again'), headers: JobLocation }, ...errors(401, 403, 404, 409) },
});

const bulkRoute = createRoute({
  ...ADMIN,
  method: 'post',
  path: '/dlq/replay',
  summary: 'Queue every dead job matching a filter again',
  description: 'Filters combine (type, error text, died before); at most `limit` jobs, oldest first. An empty filter replays up to `limit` dead jobs.',
  request: { body: jsonBody(BulkReplayBody.openapi({ example: { type: 'property.enrichment', error_contains: 'version', limit: 100 } })) },
  responses: { 200: jsonResponse(BulkReplayResult, 'How many jobs were queued again, and their ids'), ...errors(401, 403, 413, 415, 422) },
});

const archiveRoute = createRoute({
  ...ADMIN,
  method: 'post',
  path: '/dlq/{id}/archive',
  summary: 'Set a dead job aside: off the list and out of the alerts, never run again',
  description: 'Only a dead job can be archived: any other state is a 409, another team’s job a 404. Admins only.',
  request: { params: IdParams },
  responses: { 200: jsonResponse(JobSchema, 'The archived job'), ...errors(401, 403, 404, 409) },
});

const alertsRoute = createRoute({
  ...ADMIN,
  method: 'get',
  path: '/dlq/alerts',
  summary: 'Dead-letter thresholds crossed now (size, age)',
  description: 'Thresholds come from DLQ_ALERT_SIZE (dead jobs) and DLQ_ALERT_AGE_SECONDS (age of the oldest).',
  responses: { 200: jsonResponse(DlqAlertsSchema, 'The alerts firing, with the thresholds and what was observed'), ...errors(401, 403) },
});

export function registerDlq(app: OpenAPIHono<AppEnv>): void {
  app.openapi(statsRoute, async (c) => c.json(await dlqStats(c.get('db'), c.get('user').teamId), 200));
  app.openapi(alertsRoute, async (c) => c.json(await dlqAlerts(c.get('db'), c.get('user').teamId, c.get('config').dlqAlerts), 200));
  app.openapi(listRoute, async (c) => {
    const { state, limit, offset } = c.req.valid('query');
    const { rows, total } = await listJobs(c.get('db'), c.get('user').teamId, [state], { limit, offset });
    return c.json({ items: rows.map(toJobJson), total, limit, offset, next_cursor: null }, 200);
  });
  app.openapi(bulkRoute, async (c) => {
    const ids = await replayDeadJobs(c.get('db'), c.get('user').teamId, c.req.valid('json'));
    if (ids.length > 0) await announce(c, 'job.replayed', { ids, count: ids.length });
    return c.json({ replayed: ids.length, ids }, 200);
  });
  app.openapi(replayRoute, async (c) => {
    const row = await replayJob(c.get('db'), c.get('user').teamId, c.req.valid('param').id);
    const job = toJobJson(row);
    await announce(c, 'job.replayed', { ids: [row.id], count: 1 });
    return c.json(job, 202, { Location: `/jobs/${row.id}/status` });
  });
  app.openapi(archiveRoute, async (c) => {
    const job = toJobJson(await archiveDeadJob(c.get('db'), c.get('user').teamId, c.req.valid('param').id));
    await announce(c, 'job.archived', job);
    return c.json(job, 200);
  });
}
