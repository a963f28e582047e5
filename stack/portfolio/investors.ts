/**
 * Investors and their buying preferences: POST /investors, GET /investors, GET /investors/{id},
 * PATCH /investors/{id} (null clears an optional field), DELETE /investors/{id} (their
 * engagements go with them).
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import { definedOnly } from '../lib/columns.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { findInTeam } from '../lib/team-scope.js';
import { nextUpdatedAt } from '../lib/timestamps.js';
import { invalidRequest } from '../lib/validation.js';
import { Investor, InvestorCreate, InvestorListQuery, InvestorPage, InvestorUpdate } from './schema.js';
import { investors, type InvestorStrategy } from './tables.js';

export type InvestorRow = typeof investors.$inferSelect;

export function investorJson(row: InvestorRow): z.infer<typeof Investor> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    min_price: row.minPrice,
    max_price: row.maxPrice,
    property_types: row.propertyTypes,
    states: row.states,
    cities: row.cities,
    min_cap_rate: row.minCapRate,
    strategies: row.strategies,
    notes: row.notes,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

type InvestorBody = Partial<z.infer<typeof InvestorCreate>>;

function investorValues(body: InvestorBody): Partial<typeof investors.$inferInsert> {
  return definedOnly({
    name: body.name,
    email: body.email,
    phone: body.phone,
    minPrice: body.min_price,
    maxPrice: body.max_price,
    propertyTypes: body.property_types,
    states: body.states,
    cities: body.cities,
    minCapRate: body.min_cap_rate,
    strategies: body.strategies as InvestorStrategy[] | undefined,
    notes: body.notes,
  }) as Partial<typeof investors.$inferInsert>;
}

export const findInvestor = (db: Db, teamId: string, id: string): Promise<InvestorRow> => findInTeam(db, investors, { teamId, id }, { noun: 'investor' });

const tags = ['portfolio'];
const createDef = createRoute({
  method: 'post', path: '/', tags, summary: 'Add an investor with buying preferences',
  description: 'Preferences (price range, property types, states and cities, minimum cap rate, strategies) drive GET /properties/{id}/suggested-investors; an empty list means no preference.',
  security: bearerAuth, middleware: [requireWriter()] as const,
  request: { body: jsonBody(InvestorCreate) },
  responses: { 201: jsonResponse(Investor, 'The new investor'), ...errors(401, 403, 415, 422) },
});
const listDef = createRoute({
  method: 'get', path: '/', tags, summary: 'List investors',
  description: 'The team’s investors with their buying preferences, newest first.', security: bearerAuth,
  request: { query: InvestorListQuery },
  responses: { 200: jsonResponse(InvestorPage, 'A page of investors, newest first'), ...errors(401, 422) },
});
const getDef = createRoute({
  method: 'get', path: '/{id}', tags, summary: 'Get an investor',
  description: 'The investor with their buying preferences. Another team’s investor is a 404.', security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(Investor, 'The investor'), ...errors(401, 404) },
});
const updateDef = createRoute({
  method: 'patch', path: '/{id}', tags, summary: 'Change an investor’s details or preferences',
  description: 'Only the fields sent change; null clears an optional field. A price range that would end up empty (min_price above max_price, counting the stored bound) is a 422.', security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(InvestorUpdate) },
  responses: { 200: jsonResponse(Investor, 'The investor'), ...errors(401, 403, 404, 415, 422) },
});
const deleteDef = createRoute({
  method: 'delete', path: '/{id}', tags, summary: 'Delete an investor and their engagements',
  description: 'Announces investor.deleted. Another team’s investor is a 404.', security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) },
});

export function registerInvestors(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createDef, async (c) => {
    const user = c.get('user');
    const [row] = await c.get('db').insert(investors).values({ ...investorValues(c.req.valid('json')), name: c.req.valid('json').name, id: crypto.randomUUID(), teamId: user.teamId, createdBy: user.id }).returning();
    const investor = investorJson(row);
    await announce(c, 'investor.created', investor);
    return c.json(investor, 201, { Location: `/investors/${row.id}` });
  });

  app.openapi(listDef, async (c) => {
    const query = c.req.valid('query');
    return c.json(await listPage(c.get('db'), { table: investors, where: eq(investors.teamId, c.get('user').teamId), page: query, toItem: investorJson }), 200);
  });

  app.openapi(getDef, async (c) => c.json(investorJson(await findInvestor(c.get('db'), c.get('user').teamId, c.req.valid('param').id)), 200));

  app.openapi(updateDef, async (c) => {
    const teamId = c.get('user').teamId;
    const found = await findInvestor(c.get('db'), teamId, c.req.valid('param').id);
    const body = c.req.valid('json');
    // The range is checked against the stored bound the body leaves alone, too.
    const min = body.min_price !== undefined ? body.min_price : found.minPrice;
    const max = body.max_price !== undefined ? body.max_price : found.maxPrice;
    if (min != null && max != null && min > max) {
      throw invalidRequest('The price range would be empty.', [{ detail: `min_price ${min} exceeds max_price ${max}`, pointer: body.min_price !== undefined ? '/min_price' : '/max_price' }]);
    }
    const [row] = await c
      .get('db')
      .update(investors)
      .set({ ...investorValues(body), updatedAt: nextUpdatedAt(investors.updatedAt) })
      .where(and(eq(investors.id, found.id), eq(investors.teamId, teamId)))
      .returning();
    const investor = investorJson(row);
    await announce(c, 'investor.updated', investor);
    return c.json(investor, 200);
  });

  app.openapi(deleteDef, async (c) => {
    const teamId = c.get('user').teamId;
    const found = await findInvestor(c.get('db'), teamId, c.req.valid('param').id);
    await c.get('db').delete(investors).where(and(eq(investors.id, found.id), eq(investors.teamId, teamId)));
    await announce(c, 'investor.deleted', { id: found.id });
    return c.body(null, 204);
  });
}
