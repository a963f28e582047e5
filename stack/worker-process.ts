/**
 * The job worker as a process of its own (services and docker modes): configuration from the
 * environment, PostgreSQL from DATABASE_URL (the API process owns migrations; until they ran,
 * claims fail, are logged, and are retried), the configured storage and event bus (Redis with
 * REDIS_URL, so `job.completed` reaches SSE streams on every API replica), the configured mailer
 * (SMTP_HOST / SMTP_PORT or SendGrid) for the mail-sending jobs, JSON logs on stdout.
 * SIGTERM / SIGINT stop claiming, let running jobs finish (or release them) and exit 0.
 */
import type { Logger } from 'pino';
import { loadStackConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createEventBus } from './events/index.js';
import { StackError } from './lib/errors.js';
import { createLogger } from './lib/logger.js';
import { createConfiguredMailer } from './mail/provider.js';
import { closeRedisClients } from './lib/redis.js';
import { openStorage } from './storage/index.js';
import { startWorker, type Worker } from './worker.js';

export interface WorkerProcess {
  worker: Worker;
  logger: Logger;
  stop(): Promise<void>;
}

export async function startWorkerProcess(env: Record<string, string | undefined> = process.env, version = '0.0.0'): Promise<WorkerProcess> {
  const config = loadStackConfig(env, version);
  const logger = createLogger({ level: config.logLevel, service: 'reos-worker' });
  if (!config.databaseUrl) {
    throw new StackError('WORKER_NEEDS_DATABASE_URL', 'The standalone worker needs DATABASE_URL (PostgreSQL): the embedded database cannot be shared between processes.', {
      hint: 'Set DATABASE_URL, or leave JOBS_WORKER=inline so `reos up` runs the worker inside the API.',
    });
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, migrate: false, poolSize: config.jobs.concurrency + 2 });
  const storage = await openStorage(config).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const events = createEventBus({ db: database.db, logger, config });
  await events.start();
  // SMTP_HOST / SMTP_PORT (or MAIL_PROVIDER=sendgrid): this process sends the campaign and reset mails itself.
  const mailer = createConfiguredMailer(config);
  if (config.mail.provider !== 'sendgrid' && config.mail.smtpPort === 0) {
    // MAIL_SMTP_PORT=0 gives each API process a catcher on a port of its own, which this process cannot know.
    logger.warn({ hint: 'Set SMTP_HOST and SMTP_PORT to the relay or catcher the API uses.' }, 'no SMTP port to send to: campaign and password-reset mails will be retried until one is configured');
  }
  const worker = startWorker({ database, config, logger, events, storage, mailer });
  let stopping: Promise<void> | undefined;
  return {
    worker,
    logger,
    stop() {
      stopping ??= (async () => {
        await worker.close();
        mailer.close();
        await events.close();
        await storage.close();
        await database.close();
        await closeRedisClients(config);
      })();
      return stopping;
    },
  };
}

/** Runs until SIGTERM / SIGINT; exits 0 after a clean stop, 1 when start-up fails. */
export async function runWorkerProcess(env: Record<string, string | undefined> = process.env, version = '0.0.0'): Promise<void> {
  let running: WorkerProcess;
  try {
    running = await startWorkerProcess(env, version);
  } catch (error) {
    const e = error as StackError;
    process.stdout.write(`${JSON.stringify({ level: 'fatal', service: 'reos-worker', time: new Date().toISOString(), code: e.code, msg: e.message, hint: e.hint })}\n`);
    process.exit(1);
  }
  const stop = (signal: string) => {
    running.logger.info({ signal }, 'stopping worker');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'worker did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
