/**
 * Reconciliation runs: POST /admin/reconciliation/runs runs every consistency check
 * (reconciliation-checks.ts) over the team and stores the run with its findings (201);
 * GET /admin/reconciliation/runs lists past runs newest first, GET .../runs/{id} shows one.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { count, desc, eq } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { PageQuery } from '../lib/pagination.js';
import { findInTeam } from '../lib/team-scope.js';
import { runChecks } from './reconciliation-checks.js';
import { ReconciliationRunPage, ReconciliationRunSchema } from './schema.js';
import { reconciliationRuns } from './tables.js';

const ADMIN = { tags: ['admin'], security: bearerAuth };

const startRoute = createRoute({
  ...ADMIN,
  method: 'post',
  path: '/reconciliation/runs',
  summary: 'Run the consistency checks now and store the run',
  description:
    'Checks: analytics pipeline and property counts against the rows; deals, leads and communications referring to deleted or other-team rows; ' +
    'campaign recipient counts against recipient rows and analytics; history and data rows whose parent is not in the team. `status` is clean when nothing was found.',
  responses: {
    201: { ...jsonResponse(ReconciliationRunSchema, 'The finished run with its findings'), headers: { Location: { description: 'URL of the run', schema: { type: 'string' } } } },
    ...errors(401, 403),
  },
});

const listRoute = createRoute({
  ...ADMIN,
  method: 'get',
  path: '/reconciliation/runs',
  summary: 'Past reconciliation runs, newest first',
  description: 'Each run with its status and finding count, paged with limit and offset. Admins only (403 otherwise).',
  request: { query: PageQuery.pick({ limit: true, offset: true }) },
  responses: { 200: jsonResponse(ReconciliationRunPage, 'A page of runs'), ...errors(401, 403, 422) },
});

const getRoute = createRoute({
  ...ADMIN,
  method: 'get',
  path: '/reconciliation/runs/{id}',
  summary: 'One reconciliation run with its findings',
  description: 'The run with each finding it recorded. Another team’s run is a 404; admins only (403 otherwise).',
  request: { params: IdParams },
  responses: { 200: jsonResponse(ReconciliationRunSchema, 'The run'), ...errors(401, 403, 404) },
});

type RunRow = typeof reconciliationRuns.$inferSelect;

function toRunJson(row: RunRow) {
  return {
    id: row.id,
    status: row.status,
    started_by: row.startedBy,
    started_at: row.startedAt.toISOString(),
    finished_at: row.finishedAt.toISOString(),
    finding_count: row.findingCount,
    checks: row.checks,
    findings: row.findings as { check: string; resource: string; id: string | null; message: string }[],
  };
}

export function registerReconciliation(app: OpenAPIHono<AppEnv>): void {
  app.openapi(startRoute, async (c) => {
    const user = c.get('user');
    const startedAt = new Date();
    const { checks, findings } = await runChecks(c.get('db'), user.teamId);
    const [row] = await c
      .get('db')
      .insert(reconciliationRuns)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, startedBy: user.id, status: findings.length === 0 ? 'clean' : 'findings', checks, findings: findings as never, findingCount: findings.length, startedAt })
      .returning();
    const run = toRunJson(row);
    await announce(c, 'reconciliation.completed', { id: run.id, status: run.status, finding_count: run.finding_count });
    return c.json(run, 201, { Location: `/admin/reconciliation/runs/${row.id}` });
  });
  app.openapi(listRoute, async (c) => {
    const { limit, offset } = c.req.valid('query');
    const db = c.get('db');
    const where = eq(reconciliationRuns.teamId, c.get('user').teamId);
    const [rows, [{ total }]] = await Promise.all([
      db.select().from(reconciliationRuns).where(where).orderBy(desc(reconciliationRuns.startedAt), desc(reconciliationRuns.id)).limit(limit).offset(offset),
      db.select({ total: count() }).from(reconciliationRuns).where(where),
    ]);
    return c.json({ items: rows.map(toRunJson), total, limit, offset, next_cursor: null }, 200);
  });
  app.openapi(getRoute, async (c) => {
    const row = await findInTeam(c.get('db'), reconciliationRuns, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun: 'reconciliation run' });
    return c.json(toRunJson(row), 200);
  });
}

