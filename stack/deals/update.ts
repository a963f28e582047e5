/**
 * PATCH /deals/{id}: edit a deal and move it through the pipeline. A status move must be in
 * `DEAL_TRANSITIONS` (else 409 naming the allowed ones), writes a `deal_events` row, and sets
 * `closed_at` on closing or clears it on reopening. The row is locked for the read-check-write,
 * so two concurrent moves cannot both pass the check against the same old status, nor two
 * PATCHes carrying the same If-Match (the second gets 412).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { dealEvents, deals } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv, AuthUser } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, IdParams, IfMatchHeaders, jsonBody, jsonResponse } from '../lib/openapi.js';
import { etagOf, nextRevision } from '../lib/preconditions.js';
import { ProblemError } from '../lib/problem.js';
import { inTeam, lockInTeam } from '../lib/team-scope.js';
import { dbNow } from '../lib/timestamps.js';
import { checkDealReferences } from './references.js';
import { Deal, DealUpdate } from './schema.js';
import { dealJson, dealValues } from './serialize.js';
import { canTransition, DEAL_TRANSITIONS, describeTransitions, isClosed, type DealStatus } from './transitions.js';

export function transitionRefused(from: DealStatus, to: DealStatus): ProblemError {
  const allowed = DEAL_TRANSITIONS[from];
  const options = allowed.length ? `it can move to ${allowed.join(', ')}` : 'it is final and cannot move';
  return new ProblemError(409, {
    type: 'https://reos.dev/problems/deal-transition-not-allowed',
    title: 'This deal cannot move to that status',
    detail: `The deal is ${from}: ${options}, not to ${to}.`,
    extensions: { current_status: from, allowed_transitions: allowed },
  });
}

/** The status columns to write, or undefined when the status does not change. */
function statusMove(from: DealStatus, to: DealStatus | undefined): { status: DealStatus; closedAt: SQL | null } | undefined {
  if (to === undefined || to === from) return undefined;
  if (!canTransition(from, to)) throw transitionRefused(from, to);
  return { status: to, closedAt: isClosed(to) ? dbNow() : null };
}

interface DealUpdateRequest {
  id: string;
  changes: DealUpdate;
  ifMatch: string | undefined;
}

async function updateDeal(db: Db, user: AuthUser, request: DealUpdateRequest) {
  const { id, changes } = request;
  return db.transaction(async (tx) => {
    const deal = await lockInTeam(tx, deals, { teamId: user.teamId, id }, { noun: 'deal', ifMatch: request.ifMatch });
    await checkDealReferences(tx, user.teamId, changes);
    const move = statusMove(deal.status as DealStatus, changes.status);
    const [row] = await tx
      .update(deals)
      .set({ ...dealValues(changes), ...move, ...nextRevision(deals) })
      .where(inTeam(deals, { teamId: user.teamId, id }))
      .returning();
    if (move) {
      await tx.insert(dealEvents).values({ teamId: user.teamId, dealId: id, actorId: user.id, fromStatus: deal.status, toStatus: move.status });
    }
    return { row, fromStatus: move ? (deal.status as DealStatus) : undefined };
  });
}

const route = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['deals'],
  summary: 'Update a deal or move it through the pipeline',
  description: [
    'A status change must follow the pipeline; any other is 409 with `current_status` and `allowed_transitions`.',
    'Moving to closed_won or closed_lost sets `closed_at`; reopening clears it.',
    '',
    describeTransitions(),
  ].join('\n'),
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(DealUpdate) },
  responses: {
    200: { ...jsonResponse(Deal, 'The updated deal'), headers: ETAG_HEADER },
    ...errors(400, 401, 403, 404, 409, 412, 415, 422),
  },
});

export function registerUpdateDeal(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const request = { id: c.req.valid('param').id, changes: c.req.valid('json'), ifMatch: c.req.valid('header')['if-match'] };
    const { row, fromStatus } = await updateDeal(c.get('db'), c.get('user'), request);
    const deal = dealJson(row);
    if (fromStatus) await announce(c, 'deal.status_changed', { from_status: fromStatus, to_status: deal.status, deal });
    else await announce(c, 'deal.updated', deal);
    return c.json(deal, 200, { ETag: etagOf(row) });
  });
}
