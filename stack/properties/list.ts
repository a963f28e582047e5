/**
 * GET /properties: the caller's team's properties, filtered, sorted and paged. Offset paging
 * works with every sort; the keyset cursor only with the default (newest first), the one order
 * it can resume exactly.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import { properties } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { containsPattern, listPage } from '../lib/list-page.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { invalidRequest } from '../lib/validation.js';
import { DEFAULT_SORT, PropertyListQuery, PropertyPage, type PropertyListInput, type PropertySort } from './schema.js';
import { toPropertyJson } from './serialize.js';

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['properties'],
  summary: 'List properties',
  description: 'Filterable by stage, city, price range and a text search, with cursor or offset paging.',
  security: bearerAuth,
  request: { query: PropertyListQuery },
  responses: {
    200: jsonResponse(PropertyPage, 'A page of properties'),
    ...errors(401, 422),
  },
});

// Each order ends on the id so that rows with equal keys keep one order from page to page. The
// default (newest first) is listPage's own, the one order a cursor can resume.
const ORDER_BY: Record<Exclude<PropertySort, typeof DEFAULT_SORT>, SQL[]> = {
  created_at: [asc(properties.createdAt), asc(properties.id)],
  '-updated_at': [desc(properties.updatedAt), desc(properties.id)],
  updated_at: [asc(properties.updatedAt), asc(properties.id)],
  '-price': [sql`${properties.price} desc nulls last`, desc(properties.id)],
  price: [sql`${properties.price} asc nulls last`, asc(properties.id)],
  address: [sql`lower(${properties.address})`, asc(properties.id)],
};

function filters(teamId: string, query: PropertyListInput): SQL {
  const pattern = query.q === undefined ? undefined : containsPattern(query.q);
  return and(
    eq(properties.teamId, teamId),
    query.city === undefined ? undefined : sql`lower(${properties.city}) = lower(${query.city})`,
    query.state === undefined ? undefined : eq(properties.state, query.state.toUpperCase()),
    query.zip === undefined ? undefined : eq(properties.zip, query.zip),
    query.stage === undefined ? undefined : eq(properties.stage, query.stage),
    query.min_price === undefined ? undefined : gte(properties.price, query.min_price),
    query.max_price === undefined ? undefined : lte(properties.price, query.max_price),
    query.min_bedrooms === undefined ? undefined : gte(properties.bedrooms, query.min_bedrooms),
    pattern === undefined ? undefined : or(ilike(properties.address, pattern), ilike(properties.city, pattern), ilike(properties.ownerName, pattern)),
  )!;
}

/** The order of a sort other than the default; refuses a cursor with it. */
function customOrder(query: PropertyListInput): SQL[] | undefined {
  if (query.sort === DEFAULT_SORT) return undefined;
  if (query.cursor !== undefined) {
    throw invalidRequest(`A cursor pages only the default sort (${DEFAULT_SORT}); use offset with sort=${query.sort}.`, [
      { detail: `cursor cannot be combined with sort=${query.sort}`, parameter: 'cursor' },
    ]);
  }
  return ORDER_BY[query.sort];
}

export function registerListProperties(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listPage(c.get('db'), {
      table: properties,
      where: filters(c.get('user').teamId, query),
      page: query,
      toItem: toPropertyJson,
      orderBy: customOrder(query),
    });
    return c.json(page, 200);
  });
}
