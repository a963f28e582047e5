/**
 * Reading jobs: GET /jobs/{id}/status, GET /jobs/active (queued, running, or waiting for a
 * retry), and GET /jobs/{id}/result: the stored file (the memo PDF) with its type and length,
 * or the JSON result; 409 while the job has not completed.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { ACTIVE_STATES, findJob, listJobs } from './queue.js';
import type { JobFile } from './registry.js';
import { JobListQuery, JobPage, JobSchema } from './schema.js';
import { toJobJson } from './serialize.js';

const statusRoute = createRoute({
  method: 'get',
  path: '/{id}/status',
  tags: ['jobs'],
  summary: 'A job’s state, attempts, last error and result',
  description: 'Poll it after a 202: queued, running, completed, failed (with the next retry time), dead or cancelled.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(JobSchema, 'The job'), ...errors(401, 404) },
});

const activeRoute = createRoute({
  method: 'get',
  path: '/active',
  tags: ['jobs'],
  summary: 'The team’s unfinished jobs: queued, running, or failed with a retry scheduled',
  description: 'Oldest first; finished jobs are not listed.',
  security: bearerAuth,
  request: { query: JobListQuery },
  responses: { 200: jsonResponse(JobPage, 'Unfinished jobs, newest first'), ...errors(401, 422) },
});

const resultRoute = createRoute({
  method: 'get',
  path: '/{id}/result',
  tags: ['jobs'],
  summary: 'What a completed job produced: its file (e.g. application/pdf) or its JSON result',
  description: '409 while the job has not completed; a file result is served with its content type.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: {
    200: {
      description: 'The file the job stored, or its JSON result',
      content: {
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
        'application/json': { schema: z.record(z.string(), z.unknown()) },
      },
    },
    ...errors(401, 404, 409),
  },
});

function fileOf(result: unknown): JobFile | undefined {
  const file = (result as { file?: JobFile } | null)?.file;
  return file && typeof file.key === 'string' ? file : undefined;
}

export function registerReadJobs(app: OpenAPIHono<AppEnv>): void {
  app.openapi(activeRoute, async (c) => {
    const { limit, offset } = c.req.valid('query');
    const { rows, total } = await listJobs(c.get('db'), c.get('user').teamId, ACTIVE_STATES, { limit, offset });
    return c.json({ items: rows.map(toJobJson), total, limit, offset, next_cursor: null }, 200);
  });
  app.openapi(statusRoute, async (c) => {
    const row = await findJob(c.get('db'), c.get('user').teamId, c.req.valid('param').id);
    return c.json(toJobJson(row), 200);
  });
  app.openapi(resultRoute, async (c) => {
    const row = await findJob(c.get('db'), c.get('user').teamId, c.req.valid('param').id);
    if (row.state !== 'completed') {
      throw new ProblemError(409, { detail: `Job ${row.id} is ${row.state}; its result exists once it has completed.`, headers: row.state === 'dead' || row.state === 'cancelled' ? {} : { 'Retry-After': '1' } });
    }
    const file = fileOf(row.result);
    if (!file) return c.json((row.result ?? {}) as Record<string, unknown>, 200);
    const stored = await c.get('storage').get(file.key);
    if (!stored) throw new ProblemError(404, { detail: `The file of job ${row.id} is no longer in storage.` });
    return c.body(stored.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': stored.contentType,
      'Content-Length': String(stored.size),
      'Content-Disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    }) as never;
  });
}
