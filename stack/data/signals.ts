/**
 * POST /properties/{id}/signals records one observation of a propensity signal (the type's value
 * range is checked: 422 pointing at /value); GET lists them newest first. The team's live stream
 * gets `property.signal_recorded`.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { invalidRequest } from '../lib/validation.js';
import { findProperty } from '../properties/store.js';
import { checkSignalValue, type SignalType } from './propensity-model.js';
import { CreateSignalBody, SignalListQuery, SignalPage, SignalSchema } from './schema.js';
import { insertSignal, toSignalJson } from './signals-store.js';
import { propertySignals } from './tables.js';

const createRouteDef = createRoute({
  method: 'post',
  path: '/{id}/signals',
  tags: ['data'],
  summary: 'Record a propensity-to-sell signal for a property',
  description: 'The newest observation of each type feeds GET /properties/{id}/propensity. Values are checked per type (e.g. equity_pct 0-100, tax_delinquent true/false).',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: {
    params: IdParams,
    body: jsonBody(CreateSignalBody.openapi({ example: { type: 'tax_delinquent', value: true, source: 'county-tax-roll', observed_at: '2026-11-01T00:00:00Z' } })),
  },
  responses: { 201: jsonResponse(SignalSchema, 'The recorded signal'), ...errors(401, 403, 404, 413, 415, 422) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/{id}/signals',
  tags: ['data'],
  summary: 'List a property’s recorded signals, newest observation first',
  description: 'Filter by `type`; paged with limit and offset. A property of another team (or no property) is a 404.',
  security: bearerAuth,
  request: { params: IdParams, query: SignalListQuery },
  responses: { 200: jsonResponse(SignalPage, 'A page of signals'), ...errors(401, 404, 422) },
});

/** Clock skew allowance for `observed_at`: a client a little ahead of the server is not refused. */
const FUTURE_SLACK_MS = 5 * 60_000;

export function registerSignals(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createRouteDef, async (c) => {
    const user = c.get('user');
    const body = c.req.valid('json');
    const property = await findProperty(c.get('db'), user, c.req.valid('param').id);
    const type = body.type as SignalType;
    const problem = checkSignalValue(type, body.value);
    if (problem) throw invalidRequest(`The value does not fit a ${type} signal.`, [{ detail: problem, pointer: '/value' }]);
    const observedAt = body.observed_at ? new Date(body.observed_at) : undefined;
    if (observedAt && observedAt.getTime() > Date.now() + FUTURE_SLACK_MS) {
      throw invalidRequest('A signal cannot be observed in the future.', [{ detail: 'must not be in the future', pointer: '/observed_at' }]);
    }
    const row = await insertSignal(c.get('db'), { teamId: user.teamId, propertyId: property.id, type, value: body.value, source: body.source, observedAt });
    const signal = toSignalJson(row);
    await announce(c, 'property.signal_recorded', signal);
    return c.json(signal, 201);
  });
  app.openapi(listRoute, async (c) => {
    const db = c.get('db');
    const property = await findProperty(db, c.get('user'), c.req.valid('param').id);
    const { type, ...page } = c.req.valid('query');
    const result = await listPage(db, {
      table: propertySignals,
      where: and(eq(propertySignals.teamId, property.teamId), eq(propertySignals.propertyId, property.id), type ? eq(propertySignals.type, type) : undefined),
      page,
      toItem: toSignalJson,
      orderBy: [desc(propertySignals.observedAt), desc(propertySignals.createdAt), desc(propertySignals.id)],
    });
    return c.json(result, 200);
  });
}
