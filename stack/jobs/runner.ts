/**
 * Runs one claimed job: looks up its handler, keeps its lease alive with a heartbeat while the
 * handler runs, then records the outcome (completed, retry scheduled, or dead) and announces
 * `job.completed` / `job.failed` to the job's team.
 */
import type { Logger } from 'pino';
import type { StackConfig } from '../config.js';
import type { Database } from '../db/client.js';
import type { EventBus } from '../events/types.js';
import type { Mailer } from '../mail/mailer.js';
import type { ObjectStore } from '../storage/types.js';
import { completeJob, failJob, renewLease, type JobRow } from './queue.js';
import { jobType, PermanentJobError } from './registry.js';
import { toJobJson } from './serialize.js';

export interface RunnerDeps {
  database: Database;
  config: StackConfig;
  logger: Logger;
  events: EventBus;
  storage: ObjectStore;
  mailer: Mailer;
  workerId: string;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

async function announce(deps: RunnerDeps, row: JobRow, type: 'job.completed' | 'job.failed'): Promise<void> {
  try {
    await deps.events.publish(row.teamId, type, toJobJson(row));
  } catch (error) {
    deps.logger.error({ err: error, job_id: row.id, event_type: type }, 'job event not published');
  }
}

/**
 * @param shutdown aborted when the worker stops and will not wait any longer: the handler is told
 *   to stop, and the caller releases the lease.
 */
export async function runClaimedJob(deps: RunnerDeps, row: JobRow, shutdown: AbortSignal): Promise<'completed' | 'failed' | 'dead' | 'lost'> {
  const { database, config, logger, workerId } = deps;
  const db = database.db;
  const log = logger.child({ job_id: row.id, job_type: row.type, attempt: row.attempts, worker: workerId });
  const failure = async (message: string, permanent: boolean) => {
    const failed = await failJob(db, row, workerId, { message, permanent, backoffMs: config.jobs.backoffMs });
    if (!failed) return 'lost' as const;
    if (failed.state === 'dead') {
      log.warn({ error: message }, 'job dead');
      await announce(deps, failed, 'job.failed');
      return 'dead' as const;
    }
    log.warn({ error: message, retry_at: failed.runAt.toISOString() }, 'job failed; retry scheduled');
    return 'failed' as const;
  };

  // A lease that ran out while the previous holder was on its last attempt: nothing left to try.
  if (row.attempts > row.maxAttempts) return failure(`${row.lastError ?? 'The worker running it stopped'} (no attempts left after its lease expired)`, true);
  const type = jobType(row.type);
  if (!type) return failure(`No handler is registered for job type "${row.type}" in this worker.`, true);

  const controller = new AbortController();
  const onShutdown = () => controller.abort(new Error('the worker is shutting down'));
  shutdown.addEventListener('abort', onShutdown, { once: true });
  const heartbeat = setInterval(() => {
    renewLease(db, row.id, workerId, config.jobs.leaseMs)
      .then((held) => {
        if (!held) controller.abort(new Error('the job was cancelled or its lease was taken over'));
      })
      .catch((error: unknown) => log.warn({ err: error }, 'lease not renewed'));
  }, Math.max(100, Math.floor(config.jobs.leaseMs / 3)));
  const began = performance.now();
  try {
    log.info('job started');
    const result = await type.handler({
      job: { id: row.id, teamId: row.teamId, type: row.type, payload: (row.payload ?? {}) as Record<string, unknown>, attempt: row.attempts, maxAttempts: row.maxAttempts, createdBy: row.createdBy },
      db,
      database,
      storage: deps.storage,
      config,
      logger: log,
      events: deps.events,
      mailer: deps.mailer,
      signal: controller.signal,
    });
    if (controller.signal.aborted) throw controller.signal.reason;
    const completed = await completeJob(db, row.id, workerId, result);
    if (!completed) {
      log.warn('job finished but its lease was lost (cancelled or taken over); result discarded');
      return 'lost';
    }
    log.info({ duration_ms: Math.round(performance.now() - began) }, 'job completed');
    await announce(deps, completed, 'job.completed');
    return 'completed';
  } catch (error) {
    if (shutdown.aborted) return 'lost';
    return failure(errorMessage(error), error instanceof PermanentJobError);
  } finally {
    clearInterval(heartbeat);
    shutdown.removeEventListener('abort', onShutdown);
  }
}
