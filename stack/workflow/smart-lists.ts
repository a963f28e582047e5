/**
 * Smart lists under /workflow/smart-lists: saved, validated property filters (an unknown filter
 * is a 422 pointing at it), their CRUD, and GET /workflow/smart-lists/{id}/properties, which
 * evaluates the filters live and pages like GET /properties (newest first, offset or cursor).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { properties } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { PageQuery } from '../lib/pagination.js';
import { findInTeam, inTeam } from '../lib/team-scope.js';
import { nextUpdatedAt } from '../lib/timestamps.js';
import { PropertyPage } from '../properties/schema.js';
import { toPropertyJson } from '../properties/serialize.js';
import { SmartList, SmartListCreate, SmartListFilters, SmartListPage, SmartListUpdate } from './schema.js';
import { smartListJson } from './serialize.js';
import { smartListCondition } from './smart-list-filter.js';
import { smartLists } from './tables.js';

const tags = ['workflow'];
const LIST_PATH = '/smart-lists/{id}';
const noun = 'smart list';

const create = createRoute({
  method: 'post', path: '/smart-lists', tags, summary: 'Save a smart list (a property filter)',
  description: 'The filters are validated when saved: an unknown filter or a bad value is a 422 pointing at it. GET /workflow/smart-lists/{id}/properties evaluates it.', security: bearerAuth, middleware: [requireWriter()] as const,
  request: { body: jsonBody(SmartListCreate) },
  responses: { 201: { ...jsonResponse(SmartList, 'The saved list'), headers: z.object({ Location: z.string() }) }, ...errors(401, 403, 415, 422) },
});
const list = createRoute({
  method: 'get', path: '/smart-lists', tags, summary: 'List the team’s smart lists',
  description: 'Newest first, each with its name and saved filters.', security: bearerAuth, request: { query: PageQuery },
  responses: { 200: jsonResponse(SmartListPage, 'A page of smart lists, newest first'), ...errors(401, 422) },
});
const get = createRoute({
  method: 'get', path: LIST_PATH, tags, summary: 'Get a smart list',
  description: 'The list with its name and saved filters. Another team’s list is a 404.', security: bearerAuth, request: { params: IdParams },
  responses: { 200: jsonResponse(SmartList, 'The list'), ...errors(401, 404) },
});
const update = createRoute({
  method: 'patch', path: LIST_PATH, tags, summary: 'Rename a smart list or replace its filters',
  description: 'The new filters are validated like on save (422 pointing at a bad one). Another team’s list is a 404.', security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(SmartListUpdate) },
  responses: { 200: jsonResponse(SmartList, 'The list'), ...errors(401, 403, 404, 415, 422) },
});
const remove = createRoute({
  method: 'delete', path: LIST_PATH, tags, summary: 'Delete a smart list (its properties stay)',
  description: 'Removes only the saved filter; no property is touched. Another team’s list is a 404.', security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: IdParams }, responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) },
});
const evaluate = createRoute({
  method: 'get', path: `${LIST_PATH}/properties`, tags, summary: 'The properties a smart list matches now',
  description: 'Evaluated on every request, so a property created or changed after the list was saved shows up (or drops out) at once. Pages like GET /properties.',
  security: bearerAuth, request: { params: IdParams, query: PageQuery },
  responses: { 200: jsonResponse(PropertyPage, 'A page of matching properties, newest first'), ...errors(401, 404, 422) },
});

export function registerSmartLists(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const user = c.get('user');
    const body = c.req.valid('json');
    const [row] = await c.get('db').insert(smartLists).values({ id: crypto.randomUUID(), teamId: user.teamId, createdBy: user.id, name: body.name, filters: body.filters }).returning();
    const json = smartListJson(row);
    await announce(c, 'smart_list.created', json);
    return c.json(json, 201, { Location: `/workflow/smart-lists/${row.id}` });
  });

  app.openapi(list, async (c) => {
    const page = await listPage(c.get('db'), { table: smartLists, where: eq(smartLists.teamId, c.get('user').teamId), page: c.req.valid('query'), toItem: smartListJson });
    return c.json(page, 200);
  });

  app.openapi(get, async (c) => {
    const row = await findInTeam(c.get('db'), smartLists, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun });
    return c.json(smartListJson(row), 200);
  });

  app.openapi(update, async (c) => {
    const scope = { teamId: c.get('user').teamId, id: c.req.valid('param').id };
    const body = c.req.valid('json');
    const row = await c.get('db').transaction(async (tx) => {
      await findInTeam(tx, smartLists, scope, { noun, lock: true });
      const [saved] = await tx.update(smartLists).set({ name: body.name, filters: body.filters, updatedAt: nextUpdatedAt(smartLists.updatedAt) }).where(inTeam(smartLists, scope)).returning();
      return saved;
    });
    const json = smartListJson(row);
    await announce(c, 'smart_list.updated', json);
    return c.json(json, 200);
  });

  app.openapi(remove, async (c) => {
    const scope = { teamId: c.get('user').teamId, id: c.req.valid('param').id };
    const [deleted] = await c.get('db').delete(smartLists).where(inTeam(smartLists, scope)).returning({ id: smartLists.id });
    if (!deleted) await findInTeam(c.get('db'), smartLists, scope, { noun }); // the 404
    await announce(c, 'smart_list.deleted', { id: scope.id });
    return c.body(null, 204);
  });

  app.openapi(evaluate, async (c) => {
    const { teamId } = c.get('user');
    const db = c.get('db');
    const saved = await findInTeam(db, smartLists, { teamId, id: c.req.valid('param').id }, { noun });
    // Re-parsed: a list saved before a filter's rules changed still evaluates to what it meant.
    const filters = SmartListFilters.parse(saved.filters);
    return c.json(await listPage(db, { table: properties, where: smartListCondition(db, teamId, filters), page: c.req.valid('query'), toItem: toPropertyJson }), 200);
  });
}
