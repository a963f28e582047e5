/**
 * Builds the Real Estate OS API: one Hono app, the cross-cutting middleware in order, then one
 * router per domain. Nothing here opens a socket, so tests drive it with `app.request()`.
 *
 * Order matters: request id first (every later line and error carries it); logs and metrics
 * (they see the final status, errors included); security headers, CORS and the general rate
 * limit (every answer, 429s and preflights included, gets them); 405 and the body limit; the
 * auth limits (they count an attempt before its body is read); 415; idempotency (a refused
 * request never claims a key); then the routers.
 */
import os from 'node:os';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { Logger } from 'pino';
import type { StackConfig } from './config.js';
import type { Database } from './db/client.js';
import type { AppEnv } from './lib/context.js';
import { createLogger, requestLog } from './lib/logger.js';
import { createMetrics } from './lib/metrics.js';
import { ProblemError, problemResponse } from './lib/problem.js';
import { validationHook } from './lib/validation.js';
import { setResponseHeader } from './lib/response-headers.js';
import { documentMalformedBodies } from './lib/openapi.js';
import { requireJsonBody } from './lib/content-type.js';
import { isDatabaseUnavailable } from './lib/database-errors.js';
import { cors } from './lib/cors.js';
import { apiRateLimit, authStrictRateLimit, createRateLimitStore, loginRateLimit, passwordResetRateLimit } from './lib/rate-limit/index.js';
import { securityHeaders } from './lib/security-headers.js';
import { authRoutes } from './auth/index.js';
import { dealRoutes } from './deals/index.js';
import { docsUi } from './docs/index.js';
import { healthRoutes } from './health/index.js';
import { leadRoutes } from './leads/index.js';
import { propertyRoutes } from './properties/index.js';
import { teamRoutes } from './team/index.js';
import { createEventBus, type EventBus } from './events/index.js';
import { idempotency } from './lib/idempotency/index.js';
import { sseRoutes } from './sse/index.js';
import { analyticsRoutes } from './analytics/index.js';
import { communicationRoutes } from './communications/index.js';
import { webhookRoutes } from './webhooks/index.js';
import { createStreamCounters } from './sse/team-stream.js';
import { jobRoutes } from './jobs/index.js';
import { isImageUpload, UPLOAD_OVERHEAD_BYTES } from './property-images/index.js';
import { createFsStore, type ObjectStore } from './storage/index.js';
import { type Mailer } from './mail/mailer.js';
import { createConfiguredMailer } from './mail/provider.js';
import { campaignRoutes, unsubscribeLinkRoutes } from './campaigns/index.js';
import { dealScenarioRoutes, investorRoutes, portfolioRoutes, propertyPortfolioRoutes } from './portfolio/index.js';
import { ARTIFACT_UPLOAD_LIMIT, dealRoomRoutes, isArtifactUpload, publicShareLinkRoutes, shareLinkRoutes } from './sharing/index.js';
import { dataRoutes } from './data/index.js';
import { adminRoutes, auditTrail } from './admin/index.js';
import { workflowRoutes } from './workflow/index.js';
import { onboardingRoutes } from './onboarding/index.js';
import { inventoryRoutes } from './inventory/index.js';
import { complianceRoutes } from './compliance/index.js';
import { quickWinRoutes } from './quick-wins/index.js';

export interface AppOptions {
  database: Database;
  config: StackConfig;
  logger?: Logger;
  /** Collect Node process metrics (once per process: off for in-process test stacks). */
  processMetrics?: boolean;
  /** The domain event bus (`startStack` passes one, Redis-backed with REDIS_URL); in process by default. */
  events?: EventBus;
  /** The mailer routes send through; by default one for config.mail's SMTP host and port. */
  mailer?: Mailer;
  /** The object store (`startStack` opens the configured one); a temporary directory, removed on first `close()`, by default. */
  storage?: ObjectStore;
}

export type App = OpenAPIHono<AppEnv>;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9\-_.:]{1,128}$/;

export function createApp(options: AppOptions): App {
  const logger = options.logger ?? createLogger({ level: options.config.logLevel });
  const streamCounters = createStreamCounters();
  const metrics = createMetrics({ processMetrics: options.processMetrics, sse: streamCounters });
  const events = options.events ?? createEventBus({ db: options.database.db, logger, config: options.config });
  const mailer = options.mailer ?? createConfiguredMailer(options.config);
  const storage = options.storage ?? createFsStore({ root: path.join(os.tmpdir(), `reos-files-${process.pid}-${crypto.randomUUID()}`), removeOnClose: true });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(async function provideDeps(c, next) {
    // Echo a caller's id when it is safe to log and to put back in a header; otherwise make one.
    const incoming = c.req.header('X-Request-Id');
    c.set('requestId', incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : crypto.randomUUID());
    c.set('database', options.database);
    c.set('db', options.database.db);
    c.set('config', options.config);
    c.set('logger', logger);
    c.set('events', events);
    c.set('mailer', mailer);
    c.set('storage', storage);
    await next();
    setResponseHeader(c, 'X-Request-Id', c.get('requestId'));
  });
  app.use(requestLog());
  app.use(metrics.middleware);
  // Outside the 405 and body checks: every answer (errors, 429s, preflights) gets these headers,
  // a listed origin's preflight is answered before routing, and a spent budget costs no body read.
  const rateLimitStore = createRateLimitStore({ config: options.config, logger });
  app.use(securityHeaders({ hstsMaxAgeSeconds: options.config.hstsMaxAgeSeconds }));
  app.use(cors({ origins: options.config.corsOrigins }));
  app.use(apiRateLimit({ store: rateLimitStore }));
  app.use(methodNotAllowed({ app, onMethodNotAllowed: (c, allowed) => problemResponse(c, 405, {
    detail: `${c.req.method} is not supported here; use ${allowed.join(', ')}.`,
    headers: { Allow: allowed.join(', ') },
  }) }));
  // Image uploads are the one exception to the JSON body limit: their own (IMAGE_MAX_BYTES plus
  // the multipart envelope), enforced here before anything (idempotency included) reads the body.
  // The unread body stays on the socket, and the server gives up draining it after a moment:
  // `Connection: close` tells the client not to send its next request on that socket.
  const limitTo = (maxSize: number) =>
    bodyLimit({ maxSize, onError: (c) => problemResponse(c, 413, { detail: `The request body is larger than ${maxSize} bytes.`, headers: { Connection: 'close' } }) });
  const generalLimit = limitTo(options.config.maxBodyBytes);
  const uploadLimit = limitTo(options.config.imageMaxBytes + UPLOAD_OVERHEAD_BYTES);
  const artifactLimit = limitTo(ARTIFACT_UPLOAD_LIMIT);
  app.use(function bodyLimitFor(c, next) {
    // A GET or HEAD has no body to limit, and asking for one (c.req.raw.body) would build the
    // full Request that @hono/node-server otherwise never makes: about a tenth of a small GET's CPU.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (isArtifactUpload(c.req.method, c.req.path)) return artifactLimit(c, next);
    return isImageUpload(c.req.method, c.req.path) ? uploadLimit(c, next) : generalLimit(c, next);
  });

  // Auth limits count every attempt before the body is checked (415, 400, 422 included).
  app.use('/auth/login', loginRateLimit({ store: rateLimitStore }));
  app.use('/auth/register', authStrictRateLimit({ store: rateLimitStore }));
  app.use('/auth/refresh', authStrictRateLimit({ store: rateLimitStore }));
  app.use('/auth/password-reset', passwordResetRateLimit({ store: rateLimitStore }));
  app.use('/auth/password-reset/*', passwordResetRateLimit({ store: rateLimitStore }));
  // Multipart only where an upload is documented, form-encoded only from Twilio and from mail clients'
  // one-click unsubscribe (RFC 8058); every other body must be JSON.
  app.use(requireJsonBody({ except: [(method, path) => isImageUpload(method, path), isArtifactUpload, '/webhooks/twilio/', '/unsubscribe'] }));
  // After the limits and body checks (a 429, 413 or 415 never claims a key), before the routers.
  app.use(idempotency({ exclude: ['/auth', '/sse', '/webhooks'] }));
  // Writes after the handler, so only requests a router accepted and answered with success are logged.
  app.use(auditTrail({ exclude: ['/auth', '/sse', '/webhooks', '/unsubscribe'] }));

  app.route('/', healthRoutes(metrics));
  app.route('/', docsUi());
  app.route('/auth', authRoutes());
  app.route('/team', teamRoutes());
  app.route('/properties', propertyRoutes());
  app.route('/leads', leadRoutes());
  app.route('/deals', dealRoutes());
  app.route('/sse', sseRoutes(streamCounters));
  app.route('/jobs', jobRoutes());
  app.route('/communications', communicationRoutes());
  app.route('/webhooks', webhookRoutes());
  app.route('/analytics', analyticsRoutes());
  app.route('/campaigns', campaignRoutes());
  app.route('/', unsubscribeLinkRoutes());
  app.route('/share-links', shareLinkRoutes());
  app.route('/s', publicShareLinkRoutes());
  app.route('/deal-rooms', dealRoomRoutes());
  app.route('/portfolio', portfolioRoutes());
  app.route('/investors', investorRoutes());
  app.route('/deals', dealScenarioRoutes());
  app.route('/properties', propertyPortfolioRoutes());
  app.route('/data', dataRoutes());
  app.route('/admin', adminRoutes());
  app.route('/workflow', workflowRoutes());
  app.route('/onboarding', onboardingRoutes());
  app.route('/inventory', inventoryRoutes(() => app.getOpenAPI31Document(openApiDocument)));
  app.route('/compliance', complianceRoutes());
  app.route('/quick-wins', quickWinRoutes());

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const openApiDocument: Parameters<App['getOpenAPI31Document']>[0] = {
    openapi: '3.1.0',
    info: {
      title: 'Real Estate OS API',
      version: options.config.version,
      description: 'Real-estate CRM: auth, properties, leads, deals. Every error is RFC 9457 application/problem+json. ' +
        'Every business POST honours `Idempotency-Key` (1-255 printable ASCII): a replay returns the first response byte for byte with `Idempotent-Replayed: true`, ' +
        'another payload with the same key is 422, a duplicate while the first runs is 409; keys are scoped to the caller and expire after IDEMPOTENCY_TTL_SECONDS (24 h).',
    },
    tags: [
      { name: 'health', description: 'Liveness, readiness and metrics' },
      { name: 'auth', description: 'Registration, login, tokens and the caller’s profile' },
      { name: 'team', description: 'The caller’s team and its members' },
      { name: 'properties', description: 'Listings and their pipeline stage' },
      { name: 'leads', description: 'Prospects, their activities and notes' },
      { name: 'deals', description: 'The deal pipeline' },
      { name: 'sse', description: 'Server-sent events: the team’s live domain events' },
      { name: 'jobs', description: 'Background jobs: memo PDFs, enrichment; status, cancel, dead-letter list' },
      { name: 'communications', description: 'Email threads, SMS and calls with leads and properties' },
      { name: 'webhooks', description: 'Signed provider callbacks (SendGrid, Twilio); no user auth' },
      { name: 'analytics', description: 'Live counts, pipeline value and conversion for the team' },
      { name: 'campaigns', description: 'Mail templates, campaigns, delivery status and unsubscribes' },
      { name: 'sharing', description: 'Public share links (read-only, no login, view analytics) and deal rooms with documents and zip export' },
      { name: 'portfolio', description: 'Deal scenarios (underwriting maths, explained), investors, matching, engagement and readiness' },
      { name: 'data', description: 'Propensity-to-sell signals and score, field provenance, open-data enrichment, data-quality flags' },
      { name: 'admin', description: 'Team admins only: detailed health, dead-letter queue, reconciliation, idempotency cleanup, audit log' },
      { name: 'workflow', description: 'Tasks, auto-assign on reply, next-best-actions per property and smart lists' },
      { name: 'onboarding', description: 'A self-ticking checklist per user and presets for a team’s pipeline' },
      { name: 'inventory', description: 'What the deployment is made of: operations, tables, components and providers' },
      { name: 'compliance', description: 'Do-not-call, opt-outs, consent, state disclaimers, cadence rules, and the send gate every email and SMS passes (with its recorded decisions)' },
      { name: 'quick-wins', description: 'One-call outreach by property stage: stage-matched templates, gated and queued through campaigns' },
    ],
  };
  documentMalformedBodies(app.openAPIRegistry.definitions as Parameters<typeof documentMalformedBodies>[0]);
  app.doc31('/docs/openapi.json', openApiDocument);

  app.notFound((c) => problemResponse(c, 404, { detail: `No route matches ${c.req.method} ${c.req.path}.` }));
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.status, error.init);
    if (error instanceof HTTPException) {
      const detail = error.status === 400 && /JSON/i.test(error.message) ? 'The request body is not valid JSON.' : error.message;
      return problemResponse(c, error.status, { detail });
    }
    if (isDatabaseUnavailable(error)) {
      (c.get('logger') ?? logger).warn({ request_id: c.get('requestId'), err: error }, 'database unavailable');
      return problemResponse(c, 503, { detail: 'The database is unavailable right now; retry shortly.', headers: { 'Retry-After': '5' } });
    }
    (c.get('logger') ?? logger).error({ request_id: c.get('requestId'), err: error }, 'unhandled error');
    return problemResponse(c, 500, { detail: 'The server could not complete this request. Quote the request id when reporting it.' });
  });
  return app;
}
