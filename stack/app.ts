/**
 * Builds the Real Estate OS API: one Hono app, the cross-cutting middleware in order, then one
 * router per domain. Nothing here opens a socket, so tests drive it with `app.request()`.
 *
 * Order matters: request id first (every later line and error carries it), then logs and
 * metrics (they see the final status, errors included), then body limits, then the routes.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import type { StackConfig } from './config.js';
import type { Database } from './db/client.js';
import type { AppEnv } from './lib/context.js';
import { createLogger, requestLog } from './lib/logger.js';
import { createMetrics } from './lib/metrics.js';
import { ProblemError, problemResponse } from './lib/problem.js';
import { validationHook } from './lib/validation.js';
import { authRoutes } from './auth/index.js';
import { dealRoutes } from './deals/index.js';
import { docsUi } from './docs/index.js';
import { healthRoutes } from './health/index.js';
import { leadRoutes } from './leads/index.js';
import { propertyRoutes } from './properties/index.js';
import { teamRoutes } from './team/index.js';

export interface AppOptions {
  database: Database;
  config: StackConfig;
  logger?: Logger;
  /** Collect Node process metrics (once per process: off for in-process test stacks). */
  processMetrics?: boolean;
}

export type App = OpenAPIHono<AppEnv>;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9\-_.:]{1,128}$/;

export function createApp(options: AppOptions): App {
  const logger = options.logger ?? createLogger({ level: options.config.logLevel });
  const metrics = createMetrics({ processMetrics: options.processMetrics });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(
    requestId({
      headerName: 'X-Request-Id',
      limitLength: 128,
      generator: () => crypto.randomUUID(),
    }),
  );
  app.use(async function provideDeps(c, next) {
    const incoming = c.req.header('X-Request-Id');
    if (incoming && !REQUEST_ID_PATTERN.test(incoming)) c.set('requestId', crypto.randomUUID());
    c.set('database', options.database);
    c.set('db', options.database.db);
    c.set('config', options.config);
    c.set('logger', logger);
    await next();
    c.header('X-Request-Id', c.get('requestId'));
  });
  app.use(requestLog());
  app.use(metrics.middleware);
  app.use(methodNotAllowed({ app, onMethodNotAllowed: (c, allowed) => problemResponse(c, 405, {
    detail: `${c.req.method} is not supported here; use ${allowed.join(', ')}.`,
    headers: { Allow: allowed.join(', ') },
  }) }));
  app.use(
    bodyLimit({
      maxSize: options.config.maxBodyBytes,
      onError: (c) => problemResponse(c, 413, { detail: `The request body is larger than ${options.config.maxBodyBytes} bytes.` }),
    }),
  );

  app.route('/', healthRoutes(metrics));
  app.route('/', docsUi());
  app.route('/auth', authRoutes());
  app.route('/team', teamRoutes());
  app.route('/properties', propertyRoutes());
  app.route('/leads', leadRoutes());
  app.route('/deals', dealRoutes());

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.doc31('/docs/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Real Estate OS API',
      version: options.config.version,
      description: 'Real-estate CRM: auth, properties, leads, deals. Every error is RFC 9457 application/problem+json.',
    },
    tags: [
      { name: 'health', description: 'Liveness, readiness and metrics' },
      { name: 'auth', description: 'Registration, login, tokens and the caller’s profile' },
      { name: 'team', description: 'The caller’s team and its members' },
      { name: 'properties', description: 'Listings and their pipeline stage' },
      { name: 'leads', description: 'Prospects, their activities and notes' },
      { name: 'deals', description: 'The deal pipeline' },
    ],
  });

  app.notFound((c) => problemResponse(c, 404, { detail: `No route matches ${c.req.method} ${c.req.path}.` }));
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.status, error.init);
    if (error instanceof HTTPException) {
      const detail = error.status === 400 && /JSON/i.test(error.message) ? 'The request body is not valid JSON.' : error.message;
      return problemResponse(c, error.status, { detail });
    }
    (c.get('logger') ?? logger).error({ request_id: c.get('requestId'), err: error }, 'unhandled error');
    return problemResponse(c, 500, { detail: 'The server could not complete this request. Quote the request id when reporting it.' });
  });
  return app;
}
