/**
 * POST /deals: open a deal, usually from a lead on a property. Its creation is the first entry
 * of its history (from null to the starting status). Answers 201 with the deal, its Location
 * and its ETag.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { dealEvents, deals } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, jsonBody, jsonResponse } from '../lib/openapi.js';
import { etagOf } from '../lib/preconditions.js';
import { checkDealReferences } from './references.js';
import { Deal, DealCreate } from './schema.js';
import { dealJson, dealValues } from './serialize.js';

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['deals'],
  summary: 'Create a deal',
  description: 'Optionally linked to a lead and a property of your team (another team’s id is 422), with a value, an expected close date and an opening status.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(DealCreate) },
  responses: {
    201: {
      ...jsonResponse(Deal, 'The new deal'),
      headers: { Location: { description: 'URL of the new deal', schema: { type: 'string' } }, ...ETAG_HEADER },
    },
    ...errors(400, 401, 403, 415, 422),
  },
});

export function registerCreateDeal(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const db = c.get('db');
    await checkDealReferences(db, user.teamId, body);
    const status = body.status ?? 'negotiation';
    const row = await db.transaction(async (tx) => {
      const [deal] = await tx
        .insert(deals)
        .values({ ...dealValues(body), id: crypto.randomUUID(), teamId: user.teamId, createdBy: user.id, status })
        .returning();
      await tx.insert(dealEvents).values({ teamId: user.teamId, dealId: deal.id, actorId: user.id, fromStatus: null, toStatus: status });
      return deal;
    });
    const deal = dealJson(row);
    await announce(c, 'deal.created', deal);
    return c.json(deal, 201, { Location: `/deals/${row.id}`, ETag: etagOf(row) });
  });
}
