/**
 * Engagement with an investor: POST /investors/{id}/engagements (viewed, emailed, called,
 * interested, passed; optionally about a property), GET /investors/{id}/engagements, and
 * GET /investors/{id}/engagement-summary (counts by type, last contact, properties they
 * showed interest in or passed on). Suggestions rank an investor who passed on a property last.
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, desc, eq, max } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { PageQuery } from '../lib/pagination.js';
import { checkReferences } from '../lib/team-scope.js';
import { findInvestor } from './investors.js';
import { Engagement, EngagementCreate, EngagementPage, EngagementSummary } from './schema.js';
import { ENGAGEMENT_TYPES, investorEngagements } from './tables.js';

type EngagementRow = typeof investorEngagements.$inferSelect;

const engagementJson = (row: EngagementRow) => ({
  id: row.id,
  investor_id: row.investorId,
  type: row.type,
  property_id: row.propertyId,
  note: row.note,
  created_by: row.createdBy,
  created_at: row.createdAt.toISOString(),
});

const tags = ['portfolio'];
const createDef = createRoute({
  method: 'post', path: '/{id}/engagements', tags, summary: 'Record an engagement with an investor',
  description: 'Appends a contact or verdict (e.g. interested, passed), optionally about one property, which must be in your team (422 at /property_id otherwise). Another team’s investor is a 404.', security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(EngagementCreate) },
  responses: { 201: jsonResponse(Engagement, 'The engagement'), ...errors(401, 403, 404, 415, 422) },
});
const listDef = createRoute({
  method: 'get', path: '/{id}/engagements', tags, summary: 'List an investor’s engagements',
  description: 'Newest first, paged with limit and offset. Another team’s investor is a 404.', security: bearerAuth,
  request: { params: IdParams, query: PageQuery.pick({ limit: true, offset: true }) },
  responses: { 200: jsonResponse(EngagementPage, 'Engagements, newest first'), ...errors(401, 404, 422) },
});
const summaryDef = createRoute({
  method: 'get', path: '/{id}/engagement-summary', tags, summary: 'Summary of an investor’s engagement',
  description: 'Engagement counts by type, the last contact time, and the properties whose latest verdict is interested or passed (a later verdict overrides an earlier one). Another team’s investor is a 404.', security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(EngagementSummary, 'Counts by type, last contact, interested and passed properties'), ...errors(401, 404) },
});

/** The latest interested / passed verdict per property: a later "interested" overrides an earlier "passed". */
function latestVerdicts(rows: { type: string; propertyId: string | null }[]): { interested: string[]; passed: string[] } {
  const verdict = new Map<string, string>();
  for (const row of rows) if (row.propertyId && (row.type === 'interested' || row.type === 'passed') && !verdict.has(row.propertyId)) verdict.set(row.propertyId, row.type);
  const pick = (type: string) => [...verdict].filter(([, t]) => t === type).map(([id]) => id);
  return { interested: pick('interested'), passed: pick('passed') };
}

export function registerEngagements(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createDef, async (c) => {
    const user = c.get('user');
    const investor = await findInvestor(c.get('db'), user.teamId, c.req.valid('param').id);
    const body = c.req.valid('json');
    await checkReferences(c.get('db'), user.teamId, [{ kind: 'property', id: body.property_id, pointer: '/property_id' }]);
    const [row] = await c
      .get('db')
      .insert(investorEngagements)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, investorId: investor.id, type: body.type, propertyId: body.property_id ?? null, note: body.note ?? null, createdBy: user.id })
      .returning();
    const engagement = engagementJson(row);
    await announce(c, 'investor.engagement_recorded', engagement);
    return c.json(engagement, 201);
  });

  app.openapi(listDef, async (c) => {
    const teamId = c.get('user').teamId;
    const investor = await findInvestor(c.get('db'), teamId, c.req.valid('param').id);
    const { limit, offset } = c.req.valid('query');
    const where = and(eq(investorEngagements.teamId, teamId), eq(investorEngagements.investorId, investor.id));
    const [rows, [{ total }]] = await Promise.all([
      c.get('db').select().from(investorEngagements).where(where).orderBy(desc(investorEngagements.createdAt), desc(investorEngagements.id)).limit(limit).offset(offset),
      c.get('db').select({ total: count() }).from(investorEngagements).where(where),
    ]);
    return c.json({ items: rows.map(engagementJson), total, limit, offset, next_cursor: null }, 200);
  });

  app.openapi(summaryDef, async (c) => {
    const teamId = c.get('user').teamId;
    const investor = await findInvestor(c.get('db'), teamId, c.req.valid('param').id);
    const where = and(eq(investorEngagements.teamId, teamId), eq(investorEngagements.investorId, investor.id));
    const [byType, verdictRows] = await Promise.all([
      c.get('db').select({ type: investorEngagements.type, n: count(), last: max(investorEngagements.createdAt) }).from(investorEngagements).where(where).groupBy(investorEngagements.type),
      c.get('db').select({ type: investorEngagements.type, propertyId: investorEngagements.propertyId }).from(investorEngagements).where(where).orderBy(desc(investorEngagements.createdAt), desc(investorEngagements.id)),
    ]);
    const counts = Object.fromEntries(ENGAGEMENT_TYPES.map((t) => [t, byType.find((r) => r.type === t)?.n ?? 0])) as Record<(typeof ENGAGEMENT_TYPES)[number], number>;
    const lasts = byType.map((r) => (r.last ? new Date(r.last).getTime() : 0));
    const { interested, passed } = latestVerdicts(verdictRows);
    return c.json(
      {
        investor_id: investor.id,
        total: byType.reduce((sum, r) => sum + r.n, 0),
        by_type: counts,
        last_engaged_at: lasts.length ? new Date(Math.max(...lasts)).toISOString() : null,
        interested_property_ids: interested,
        passed_property_ids: passed,
      },
      200,
    );
  });
}
