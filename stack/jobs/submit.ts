/**
 * POST /jobs: queues a job of a registered type for the caller's team and answers 202 with the
 * job and a `Location` to poll. The payload is validated by the type's schema (422 pointing
 * under /payload) and, for types that refer to a row, checked against the caller's team.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { fieldErrors, invalidRequest } from '../lib/validation.js';
import { enqueueJob } from './queue.js';
import { jobType, jobTypeNames } from './registry.js';
import { JobLocation, JobSchema, SubmitJobBody } from './schema.js';
import { toJobJson } from './serialize.js';

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['jobs'],
  summary: 'Submit a background job',
  description: 'The payload is validated for the job type (422 otherwise); the job is queued and the worker woken (202 with Location).',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(SubmitJobBody) },
  responses: {
    202: { ...jsonResponse(JobSchema, 'The queued job'), headers: JobLocation },
    ...errors(400, 401, 403, 413, 415, 422),
  },
});

/** Validates and queues a job for the caller; shared by POST /jobs and the per-domain shortcuts. */
export async function submitJob(c: Context<AppEnv>, type: string, rawPayload: Record<string, unknown>) {
  const user = c.get('user');
  const definition = jobType(type);
  if (!definition || definition.internal) throw invalidRequest(`Unknown job type "${type}".`, [{ detail: `must be one of: ${jobTypeNames().join(', ')}`, pointer: '/type' }]);
  let payload = rawPayload;
  if (definition.payload) {
    const parsed = definition.payload.safeParse(rawPayload);
    if (!parsed.success) {
      throw invalidRequest(`The payload of a ${type} job is not valid.`, fieldErrors('json', parsed.error).map((e) => ({ ...e, pointer: `/payload${e.pointer ?? ''}` })));
    }
    payload = parsed.data as Record<string, unknown>;
  }
  const db = c.get('db');
  await definition.validate?.({ db, teamId: user.teamId, payload });
  const row = await enqueueJob(db, {
    teamId: user.teamId,
    createdBy: user.id,
    type,
    payload,
    maxAttempts: definition.maxAttempts ?? c.get('config').jobs.maxAttempts,
  });
  const job = toJobJson(row);
  await announce(c, 'job.queued', job);
  return c.json(job, 202, { Location: `/jobs/${row.id}/status` });
}

export function registerSubmitJob(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    const body = c.req.valid('json');
    return submitJob(c, body.type, body.payload) as never;
  });
}
