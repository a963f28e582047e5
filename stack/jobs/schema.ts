/** Zod schemas of the jobs API: the submit body, the job JSON, its pages. */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { pageSchema, PageQuery } from '../lib/pagination.js';
import { JOB_STATES } from './tables.js';

export const SubmitJobBody = z
  .object({
    type: z.string().min(1).max(100).openapi({ description: 'A registered job type: property.memo, property.enrichment, campaign.deliver', example: 'property.memo' }),
    payload: z.record(z.string(), z.unknown()).default({}).openapi({ description: 'Input of the job type', example: { property_id: '5b0f7c9e-8d1a-4b7e-9c55-2f0a6a3e9d11' } }),
  })
  .strict()
  .openapi('SubmitJob');

export const JobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    state: z.enum(JOB_STATES).openapi({ description: 'queued -> running -> completed | failed (retry scheduled at run_at) | dead (dead-letter list) | cancelled' }),
    payload: z.record(z.string(), z.unknown()),
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    last_error: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'What the job produced, once completed' }),
    run_at: Timestamp.openapi({ description: 'When the job is (next) due' }),
    created_at: Timestamp,
    started_at: Timestamp.nullable(),
    finished_at: Timestamp.nullable(),
    result_url: z.string().nullable().openapi({ description: 'GET it for the result (a file such as the memo PDF, or JSON) once completed' }),
  })
  .openapi('Job');

export const JobPage = pageSchema(JobSchema, 'JobPage');
export const JobListQuery = PageQuery.pick({ limit: true, offset: true });

export const JobLocation = { Location: { description: 'URL of the job’s status', schema: { type: 'string' as const } } };
