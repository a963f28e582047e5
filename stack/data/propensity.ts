/**
 * GET /properties/{id}/propensity: the property's propensity-to-sell score (0-100) from the
 * logistic model in propensity-model.ts, over the newest signal of each type and the property's
 * own history (price reductions and stage moves from its timeline, communications about it in the
 * last 90 days), with every feature's contribution explained.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, eq, gte, sql } from 'drizzle-orm';
import { communications } from '../communications/tables.js';
import type { Db } from '../db/client.js';
import { propertyEvents } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findProperty } from '../properties/store.js';
import type { PropertyRow } from '../properties/serialize.js';
import { scorePropensity, type HistoryFeature, type SignalType } from './propensity-model.js';
import { PropensitySchema } from './schema.js';
import { latestSignals } from './signals-store.js';

const route = createRoute({
  method: 'get',
  path: '/{id}/propensity',
  tags: ['data'],
  summary: 'How likely the owner is to sell (0-100), with each signal’s contribution explained',
  description:
    'A logistic model: z = -2.5 + sum(weight * scaled value), score = 100 / (1 + e^-z). Features: the newest recorded signal of each type, ' +
    'and the property’s history (price reductions, stage changes, communications in the last 90 days). Deterministic: the same data gives the same score.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(PropensitySchema, 'The score and its explanation'), ...errors(401, 404) },
});

const COMMUNICATION_WINDOW_DAYS = 90;

/** Counts read from the property's timeline and its communications. */
export async function historyFeatures(db: Db, property: PropertyRow, now: Date): Promise<Record<HistoryFeature, number>> {
  const events = and(eq(propertyEvents.teamId, property.teamId), eq(propertyEvents.propertyId, property.id));
  const since = new Date(now.getTime() - COMMUNICATION_WINDOW_DAYS * 86_400_000);
  const [[history], [comms]] = await Promise.all([
    db
      .select({
        stageChanges: sql<number>`count(*) filter (where ${propertyEvents.kind} = 'stage_changed')`.mapWith(Number),
        priceDrops: sql<number>`count(*) filter (where ${propertyEvents.kind} = 'updated'
          and jsonb_typeof(${propertyEvents.data} -> 'changes' -> 'price' -> 'from') = 'number'
          and jsonb_typeof(${propertyEvents.data} -> 'changes' -> 'price' -> 'to') = 'number'
          and (${propertyEvents.data} -> 'changes' -> 'price' ->> 'to')::numeric < (${propertyEvents.data} -> 'changes' -> 'price' ->> 'from')::numeric)`.mapWith(Number),
      })
      .from(propertyEvents)
      .where(events),
    db
      .select({ n: count() })
      .from(communications)
      .where(and(eq(communications.teamId, property.teamId), eq(communications.propertyId, property.id), gte(communications.createdAt, since))),
  ]);
  return { history_price_drops: history.priceDrops, history_stage_changes: history.stageChanges, history_communications: comms.n };
}

export async function propensityOf(db: Db, property: PropertyRow, now = new Date()) {
  const [signals, history] = await Promise.all([latestSignals(db, property.teamId, property.id), historyFeatures(db, property, now)]);
  const result = scorePropensity({
    signals: signals.map((s) => ({ type: s.type as SignalType, value: s.value as number | boolean, source: s.source, observed_at: s.observedAt.toISOString() })),
    history,
  });
  return { property_id: property.id, ...result, computed_at: now.toISOString() };
}

export function registerPropensity(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const property = await findProperty(c.get('db'), c.get('user'), c.req.valid('param').id);
    return c.json(await propensityOf(c.get('db'), property), 200);
  });
}
