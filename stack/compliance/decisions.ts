/**
 * The send gate over the API: POST /compliance/validate-send asks it without sending (the
 * decision is recorded as a dry run, never counted as a send), GET /compliance/decisions lists
 * every decision the platform made (campaigns, direct email and SMS, password resets, dry runs).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { checkReferences } from '../lib/team-scope.js';
import { checkSend } from './gate.js';
import { normalizePhone, normalizeEmailAddress } from './phone.js';
import { Decision, DecisionListQuery, DecisionPage, ValidateSend } from './schema.js';
import { sendDecisions } from './tables.js';

const tags = ['compliance'];
type DecisionRow = typeof sendDecisions.$inferSelect;
export const decisionJson = (r: DecisionRow) => ({
  id: r.id, allowed: r.allowed, reasons: r.reasons, channel: r.channel, recipient: r.recipient, purpose: r.purpose, lead_id: r.leadId, property_id: r.propertyId,
  actor_id: r.actorId, context: r.context, dry_run: r.dryRun, created_at: r.createdAt.toISOString(),
});

const validate = createRoute({
  method: 'post', path: '/validate-send', tags, summary: 'Would this send be allowed? (dry run)',
  description: 'Runs the send gate every email and SMS of the platform passes: do-not-call, opt-outs, campaign unsubscribes, property-owner opt-outs, consent and cadence rules (marketing); transactional sends pass the lists. Nothing is sent; the decision is recorded with `dry_run: true` and returned (200 whether allowed or not).',
  security: bearerAuth, request: { body: jsonBody(ValidateSend) },
  responses: { 200: jsonResponse(Decision, 'The decision and its reasons'), ...errors(401, 415, 422) },
});
const list = createRoute({
  method: 'get', path: '/decisions', tags, summary: 'List the send gate’s decisions',
  description: 'Newest first; filter by recipient (any spelling), allowed, channel.',
  security: bearerAuth, request: { query: DecisionListQuery }, responses: { 200: jsonResponse(DecisionPage, 'A page of decisions'), ...errors(401, 422) },
});

export function registerDecisions(app: OpenAPIHono<AppEnv>): void {
  app.openapi(validate, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const db = c.get('db');
    await checkReferences(db, user.teamId, [
      { kind: 'lead', id: body.lead_id, pointer: '/lead_id' },
      { kind: 'property', id: body.property_id, pointer: '/property_id' },
    ]);
    const decision = await checkSend(db, {
      teamId: user.teamId, channel: body.channel, to: body.to, leadId: body.lead_id, propertyId: body.property_id, purpose: body.purpose,
      actorId: user.id, dryRun: true, context: { source: 'validate-send' },
    });
    const [row] = await db.select().from(sendDecisions).where(and(eq(sendDecisions.id, decision.id), eq(sendDecisions.teamId, user.teamId)));
    return c.json(decisionJson(row), 200);
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const recipient = query.recipient === undefined ? undefined : (query.recipient.includes('@') ? normalizeEmailAddress(query.recipient) : (normalizePhone(query.recipient) ?? query.recipient));
    const where = and(
      eq(sendDecisions.teamId, c.get('user').teamId),
      recipient ? eq(sendDecisions.recipient, recipient) : undefined,
      query.allowed ? eq(sendDecisions.allowed, query.allowed === 'true') : undefined,
      query.channel ? eq(sendDecisions.channel, query.channel) : undefined,
    );
    return c.json(await listPage(c.get('db'), { table: sendDecisions, where, page: query, toItem: decisionJson }), 200);
  });
}
