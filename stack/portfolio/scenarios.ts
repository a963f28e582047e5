/**
 * Deal scenarios: POST /deals/{id}/scenarios (store the inputs, answer every figure with its
 * formula and inputs), GET /deals/{id}/scenarios, and GET /portfolio/scenarios/compare (figures
 * side by side with the best scenario per figure). Figures are computed on every read from the
 * stored inputs by scenario-math.ts.
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { deals } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { findInTeam } from '../lib/team-scope.js';
import { computeScenario, FIGURE_NAMES, HIGHER_IS_BETTER, type ScenarioInputs } from './scenario-math.js';
import { CompareQuery, Scenario, ScenarioComparison, ScenarioCreate, ScenarioListQuery, ScenarioPage } from './schema.js';
import { dealScenarios } from './tables.js';

type ScenarioRow = typeof dealScenarios.$inferSelect;

export function scenarioJson(row: ScenarioRow) {
  return {
    id: row.id,
    deal_id: row.dealId,
    name: row.name,
    inputs: row.inputs,
    figures: computeScenario(row.inputs as unknown as ScenarioInputs),
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
  };
}

const createDef = createRoute({
  method: 'post',
  path: '/{id}/scenarios',
  tags: ['portfolio'],
  summary: 'Run and save a deal scenario',
  description:
    'From price, repairs, closing costs, financing (down payment %, rate, term), rent, expenses and ARV: loan amount, monthly payment (amortisation formula), cash needed, NOI, cap rate, ' +
    'cash flow, cash-on-cash, total project cost, flip profit and ROI, each with its formula, the inputs it used and a sentence saying what it means.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(ScenarioCreate) },
  responses: { 201: jsonResponse(Scenario, 'The stored scenario with its figures'), ...errors(401, 403, 404, 415, 422) },
});

const listDef = createRoute({
  method: 'get',
  path: '/{id}/scenarios',
  tags: ['portfolio'],
  summary: 'List a deal’s scenarios',
  description: 'Newest first, each with its figures recomputed from the stored inputs. Another team’s deal is a 404.',
  security: bearerAuth,
  request: { params: IdParams, query: ScenarioListQuery },
  responses: { 200: jsonResponse(ScenarioPage, 'Scenarios, newest first, with their figures'), ...errors(401, 404, 422) },
});

const compareDef = createRoute({
  method: 'get',
  path: '/scenarios/compare',
  tags: ['portfolio'],
  summary: 'Compare scenarios figure by figure',
  description: 'For each figure, every scenario’s value and the best one (highest for returns, lowest for costs; null when tied or not computed).',
  security: bearerAuth,
  request: { query: CompareQuery },
  responses: { 200: jsonResponse(ScenarioComparison, 'The comparison'), ...errors(401, 404, 422) },
});

/** POST and GET /deals/{id}/scenarios, on a router mounted at /deals. */
export function registerDealScenarios(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createDef, async (c) => {
    const user = c.get('user');
    const deal = await findInTeam(c.get('db'), deals, { teamId: user.teamId, id: c.req.valid('param').id }, { noun: 'deal' });
    const { name, ...inputs } = c.req.valid('json');
    const [row] = await c
      .get('db')
      .insert(dealScenarios)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, dealId: deal.id, name, inputs: { ...inputs, arv: inputs.arv ?? null } as Record<string, number>, createdBy: user.id })
      .returning();
    const scenario = scenarioJson(row);
    await announce(c, 'deal_scenario.created', { id: row.id, deal_id: deal.id, name });
    return c.json(scenario, 201, { Location: `/deals/${deal.id}/scenarios` });
  });

  app.openapi(listDef, async (c) => {
    const teamId = c.get('user').teamId;
    const deal = await findInTeam(c.get('db'), deals, { teamId, id: c.req.valid('param').id }, { noun: 'deal' });
    const { limit, offset } = c.req.valid('query');
    const where = and(eq(dealScenarios.teamId, teamId), eq(dealScenarios.dealId, deal.id));
    const [rows, [{ total }]] = await Promise.all([
      c.get('db').select().from(dealScenarios).where(where).orderBy(desc(dealScenarios.createdAt), desc(dealScenarios.id)).limit(limit).offset(offset),
      c.get('db').select({ total: count() }).from(dealScenarios).where(where),
    ]);
    return c.json({ items: rows.map(scenarioJson), total, limit, offset, next_cursor: null }, 200);
  });
}

/** GET /portfolio/scenarios/compare, on the /portfolio router. */
export function registerCompareScenarios(app: OpenAPIHono<AppEnv>): void {
  app.openapi(compareDef, async (c) => {
    const ids = c.req.valid('query').ids;
    const rows = await c.get('db').select().from(dealScenarios).where(and(eq(dealScenarios.teamId, c.get('user').teamId), inArray(dealScenarios.id, ids)));
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) throw new ProblemError(404, { detail: `No scenario with id ${missing.join(', ')} in your team.` });
    const ordered = ids.map((id) => rows.find((r) => r.id === id)!);
    const computed = ordered.map((r) => ({ row: r, figures: computeScenario(r.inputs as unknown as ScenarioInputs) }));
    const figures = FIGURE_NAMES.map((figure) => {
      const values = computed.map(({ row, figures: f }) => ({ scenario_id: row.id, value: f[figure].value }));
      const known = values.filter((v): v is { scenario_id: string; value: number } => v.value !== null);
      const best = known.length === 0 ? undefined : (HIGHER_IS_BETTER[figure] ? Math.max : Math.min)(...known.map((v) => v.value));
      const winners = known.filter((v) => v.value === best);
      return { figure, unit: computed[0].figures[figure].unit, higher_is_better: HIGHER_IS_BETTER[figure], values, best_scenario_id: winners.length === 1 ? winners[0].scenario_id : null };
    });
    return c.json({ scenarios: ordered.map((r) => ({ id: r.id, deal_id: r.dealId, name: r.name })), figures }, 200);
  });
}
