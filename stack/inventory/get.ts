/**
 * GET /inventory: what this deployment is made of, for any signed-in role: its operations by
 * domain and method (from its own OpenAPI document), its tables with row counts (from the live
 * catalog), what runs where, and whether each provider is a mock or the real service.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { listTables } from './database-tables.js';
import { summarizeOperations, type OperationInventory } from './operations.js';
import { componentsOf, providersOf } from './runtime.js';
import { InventorySchema } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['inventory'],
  summary: 'What this deployment is made of',
  description:
    'Operations by domain (the first tag) and method, read from this API’s own OpenAPI document; every table of the live database with its rows ' +
    '(counted up to 100000, the planner’s estimate above); the running components (API, job worker, event bus, rate-limit store, mail catcher); ' +
    'and each provider (mail, sms, storage, database) with `mode: mock` for a local stand-in or `real`, all read from the configuration.',
  security: bearerAuth,
  middleware: [requireAuth()],
  responses: { 200: jsonResponse(InventorySchema, 'The inventory'), ...errors(401, 503) },
});

/** `openApiDocument` returns the app's document; it is summarized once, on first use (routes are fixed by then). */
export function mountGetInventory(app: OpenAPIHono<AppEnv>, openApiDocument: () => unknown): void {
  let operations: OperationInventory | undefined;
  app.openapi(route, async (c) => {
    operations ??= summarizeOperations(openApiDocument());
    const config = c.get('config');
    const database = c.get('database');
    const storage = c.get('storage');
    const facts = { config, database, events: c.get('events'), storage };
    const tables = await listTables(c.get('db'));
    return c.json(
      {
        generated_at: new Date().toISOString(),
        version: config.version,
        operations,
        tables: { total: tables.length, rows: tables.reduce((sum, t) => sum + t.rows, 0), tables },
        components: componentsOf(facts),
        providers: providersOf(facts),
      },
      200,
      { 'Cache-Control': 'no-store' },
    );
  });
}
