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
import type { StackConfig } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { StackError } from './lib/errors.js';
import { createLogger } from './lib/logger.js';

export interface StartStackOptions {
  config: StackConfig;
  /** Where JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
  processMetrics?: boolean;
}

export interface RunningStack {
  url: string;
  port: number;
  app: App;
  database: Database;
  logger: Logger;
  /** Milliseconds from the call to the first moment the API could answer. */
  startupMs: number;
  close(): Promise<void>;
}

function listen(app: App, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(server));
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
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ephemeral: config.ephemeral,
  });
  const app = createApp({ database, config, logger, processMetrics: options.processMetrics });
  let server: ServerType;
  try {
    server = await listen(app, config.host, config.port);
  } catch (error) {
    await database.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const startupMs = Math.round(performance.now() - began);
  logger.info({ url, database: database.kind, location: database.location, startup_ms: startupMs }, 'stack ready');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    database,
    logger,
    startupMs,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Open keep-alive and streaming connections would hold close() forever.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), 2_000).unref();
        });
        await database.close();
        logger.info('stack stopped');
      })();
      return closing;
    },
  };
}
