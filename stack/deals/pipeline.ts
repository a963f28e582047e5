/**
 * GET /deals/pipeline: how many deals sit in each stage and what they are worth, for the
 * caller's team. Counted by the database (one GROUP BY), so it stays cheap on a large book.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deals } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { Pipeline } from './schema.js';
import { DEAL_STATUSES, OPEN_DEAL_STATUSES, type DealStatus } from './transitions.js';

const OPEN: ReadonlySet<DealStatus> = new Set(OPEN_DEAL_STATUSES);

const route = createRoute({
  method: 'get',
  path: '/pipeline',
  tags: ['deals'],
  summary: 'Deal count and value per pipeline stage',
  description: 'Every stage is listed, empty ones with zeros. A deal without a value counts but adds nothing.',
  security: bearerAuth,
  responses: { 200: jsonResponse(Pipeline, 'The pipeline summary'), ...errors(401) },
});

/** Sums of numeric(14, 2) amounts, kept to whole cents so float addition leaves no residue. */
const cents = (amount: number) => Math.round(amount * 100) / 100;

export async function pipelineSummary(db: Db, teamId: string) {
  const rows = await db
    .select({ status: deals.status, count: count(), total: sql<string>`coalesce(sum(${deals.value}), 0)` })
    .from(deals)
    .where(eq(deals.teamId, teamId))
    .groupBy(deals.status);
  const byStatus = new Map(rows.map((r) => [r.status, r]));
  const stages = DEAL_STATUSES.map((status) => {
    const row = byStatus.get(status);
    return { status, count: row?.count ?? 0, total_value: Number(row?.total ?? 0) };
  });
  const sumOf = (keep: (status: DealStatus) => boolean) =>
    cents(stages.filter((s) => keep(s.status)).reduce((sum, s) => sum + s.total_value, 0));
  return { stages, open_value: sumOf((s) => OPEN.has(s)), won_value: sumOf((s) => s === 'closed_won') };
}

export function registerDealPipeline(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await pipelineSummary(c.get('db'), c.get('user').teamId), 200));
}
