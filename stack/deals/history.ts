/**
 * GET /deals/{id}/history: every status move of a deal, oldest first, starting with its creation
 * (`from_status: null`).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { dealEvents, deals } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findInTeam } from '../lib/team-scope.js';
import { DealHistory } from './schema.js';
import type { DealStatus } from './transitions.js';

const route = createRoute({
  method: 'get',
  path: '/{id}/history',
  tags: ['deals'],
  summary: 'A deal’s status moves, oldest first',
  description: 'Every transition with who made it and when; the first entry is the creation (from_status null).',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(DealHistory, 'The status moves'), ...errors(401, 404, 422) },
});

export function registerDealHistory(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { teamId } = c.get('user');
    const db = c.get('db');
    const deal = await findInTeam(db, deals, { teamId, id: c.req.valid('param').id }, { noun: 'deal' });
    const events = await db
      .select()
      .from(dealEvents)
      .where(and(eq(dealEvents.teamId, teamId), eq(dealEvents.dealId, deal.id)))
      // The identity column orders moves exactly, even two within one millisecond.
      .orderBy(asc(dealEvents.id));
    const items = events.map((e) => ({
      from_status: e.fromStatus as DealStatus | null,
      to_status: e.toStatus as DealStatus,
      actor_id: e.actorId,
      created_at: e.createdAt.toISOString(),
    }));
    return c.json({ items }, 200);
  });
}
