/**
 * Starts the platform stack on a socket: opens (and migrates) the database, builds the app,
 * listens, and returns a handle whose `close()` stops accepting, drains, then closes the
 * database, so the data directory is never left half-written. Used by `reos up`, by
 * `reos verify` (in process, on a free port) and by tests.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { DestinationStream, Logger } from 'pino';
import { createApp, type App } from './app.js';
import { startMailCatcher, type RunningMailCatcher } from './mail/index.js';
import { createConfiguredMailer } from './mail/provider.js';
import { createEventBus } from './events/index.js';
import { startIdempotencyPurge } from './lib/idempotency/index.js';
import type { StackConfig } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { StackError } from './lib/errors.js';
import { closeRedisClients } from './lib/redis.js';
import { createLogger } from './lib/logger.js';
import { openStorage } from './storage/index.js';
import type { ObjectStore } from './storage/types.js';
import { startWorker, type Worker } from './worker.js';

/** How often expired idempotency keys and old domain events are purged. */
const MAINTENANCE_INTERVAL_MS = 60_000;

export interface StartStackOptions {
  config: StackConfig;
  /** Where JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
  processMetrics?: boolean;
  /** Apply pending migrations on open (default true); off when a supervisor migrated once for N replicas. */
  migrate?: boolean;
}

export interface RunningStack {
  url: string;
  port: number;
  app: App;
  database: Database;
  storage: ObjectStore;
  /** The in-process job worker (JOBS_WORKER=inline), or undefined when jobs run elsewhere. */
  worker?: Worker;
  logger: Logger;
  /** The embedded mail catcher, when this stack runs one (config.mail.catcher). */
  mail?: { smtpPort: number; httpUrl: string };
  /** Milliseconds from the call to the first moment the API could answer. */
  startupMs: number;
  close(): Promise<void>;
}

/** Listens with the app, or with nothing (`app` undefined) to probe that the port is free. */
function listen(app: App | undefined, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const fetch = app ? app.fetch : () => new Response(null, { status: 503 });
    const server = serve({ fetch, hostname: host, port }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new StackError('PORT_IN_USE', `Port ${port} on ${host} is already in use.`, {
            hint: `Stop what is using it (\`lsof -i :${port}\`), or start with --port <another port>.`,
            cause: error,
          }),
        );
      } else if (error.code === 'EACCES') {
        reject(new StackError('PORT_FORBIDDEN', `Not allowed to listen on ${host}:${port}.`, { hint: 'Use a port above 1024.', cause: error }));
      } else {
        reject(error);
      }
    });
  });
}

export async function startStack(options: StartStackOptions): Promise<RunningStack> {
  const began = performance.now();
  const { config } = options;
  const logger = createLogger({ level: config.logLevel, destination: options.logDestination });
  // Fail on a taken port in milliseconds, before paying for the database's start-up.
  if (config.port !== 0) await listen(undefined, config.host, config.port).then((probe) => new Promise((r) => probe.close(r)));
  // The catcher is cheap and its ports can be taken too: start it before the database as well.
  const catcher: RunningMailCatcher | undefined = config.mail.catcher
    ? await startMailCatcher({
        smtpPort: config.mail.catcherSmtpPort,
        httpPort: config.mail.catcherHttpPort,
        maxMessages: config.mail.catcherMaxMessages,
        logger: logger.child({ component: 'mail' }),
      })
    : undefined;
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      ephemeral: config.ephemeral,
      preparedStatements: config.databasePreparedStatements,
      migrate: options.migrate,
    });
  } catch (error) {
    await catcher?.close();
    throw error;
  }
  let storage: ObjectStore;
  try {
    storage = await openStorage(config);
  } catch (error) {
    await database.close();
    await catcher?.close();
    throw error;
  }
  // With the catcher running, mail goes to it (on the port it really got when asked for 0).
  const mailer = createConfiguredMailer(config, catcher ? catcher.smtpPort : config.mail.smtpPort);
  const events = createEventBus({ db: database.db, logger, config, purgeIntervalMs: MAINTENANCE_INTERVAL_MS });
  const app = createApp({ database, config, logger, processMetrics: options.processMetrics, events, mailer, storage });
  let server: ServerType;
  try {
    await events.start();
    server = await listen(app, config.host, config.port);
  } catch (error) {
    await events.close();
    await storage.close();
    await database.close();
    mailer.close();
    await catcher?.close();
    throw error;
  }
  const worker = config.jobs.worker === 'inline' ? startWorker({ database, config, logger, events, storage, mailer }) : undefined;
  const idempotencyPurge = startIdempotencyPurge(database.db, logger, MAINTENANCE_INTERVAL_MS);
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const startupMs = Math.round(performance.now() - began);
  logger.info({ url, database: database.kind, location: database.location, mail_url: catcher?.httpUrl, storage: storage.location, jobs_worker: config.jobs.worker, startup_ms: startupMs }, 'stack ready');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    database,
    storage,
    worker,
    logger,
    mail: catcher ? { smtpPort: catcher.smtpPort, httpUrl: catcher.httpUrl } : undefined,
    startupMs,
    close() {
      closing ??= (async () => {
        // Stop taking jobs first: a running one finishes (or is released) while the database is still open.
        await worker?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Event streams never end by themselves: end them (the bus closes every subscriber).
          void events
            .close()
            .catch((error: unknown) => logger.warn({ err: error }, 'event bus did not close cleanly'))
            .finally(() => setImmediate(() => (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.()));
          // Open keep-alive and streaming connections would hold close() forever.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 2_000).unref();
        });
        idempotencyPurge.stop();
        await storage.close();
        await database.close();
        mailer.close();
        await catcher?.close();
        await closeRedisClients(config);
        logger.info('stack stopped');
      })();
      return closing;
    },
  };
}
