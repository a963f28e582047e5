/**
 * The job-type registry: each domain registers the handlers of its job types once, at import
 * time; `POST /jobs` accepts only registered types (validating the payload with the handler's
 * schema) and the worker looks handlers up here.
 *
 * @example
 * registerJobHandler('campaign.send', async ({ job, db }) => { ... return { sent: 12 }; }, {
 *   payload: z.object({ campaign_id: z.string() }),
 * });
 */
import type { z } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { StackConfig } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { EventBus } from '../events/types.js';
import type { Mailer } from '../mail/mailer.js';
import type { ObjectStore } from '../storage/types.js';

export interface RunningJob {
  id: string;
  teamId: string;
  type: string;
  payload: Record<string, unknown>;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  maxAttempts: number;
  createdBy: string | null;
}

export interface JobHandlerContext {
  job: RunningJob;
  db: Db;
  database: Database;
  storage: ObjectStore;
  config: StackConfig;
  logger: Logger;
  events: EventBus;
  /** The configured mailer (SMTP or SendGrid): the API's in an inline worker, the worker process's own otherwise. */
  mailer: Mailer;
  /** Aborted when the job is cancelled, its lease is lost, or the worker gives up on shutdown. */
  signal: AbortSignal;
}

/** What a handler returns is stored as the job's JSON result. A `file` is served by `GET /jobs/{id}/result`. */
export type JobHandler = (ctx: JobHandlerContext) => Promise<unknown>;

export interface JobFile {
  key: string;
  content_type: string;
  size: number;
  filename: string;
}

export interface JobTypeOptions {
  /** Validates `payload` at submit time (422 with pointers under /payload). */
  payload?: z.ZodType;
  /** Attempts before the dead-letter list (the configured JOBS_MAX_ATTEMPTS by default). */
  maxAttempts?: number;
  /** Checks run at submit time with the caller's team, e.g. that a referenced row is in it. */
  validate?: (input: { db: Db; teamId: string; payload: Record<string, unknown> }) => Promise<void>;
  description?: string;
  /** Enqueued by the stack itself (e.g. the password-reset mail), never through POST /jobs. */
  internal?: boolean;
}

export interface JobType extends JobTypeOptions {
  type: string;
  handler: JobHandler;
}

/** Thrown by a handler for a failure no retry can fix: the job goes straight to the dead-letter list. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

const types = new Map<string, JobType>();

export function registerJobHandler(type: string, handler: JobHandler, options: JobTypeOptions = {}): void {
  types.set(type, { ...options, type, handler });
}

export function jobType(type: string): JobType | undefined {
  return types.get(type);
}

/** The types a client may submit through POST /jobs. */
export function jobTypeNames(): string[] {
  return [...types.values()].filter((t) => !t.internal).map((t) => t.type).sort();
}
