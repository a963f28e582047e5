/**
 * The inventory domain, mounted at /inventory: one read-only operation describing the
 * deployment itself (operations, tables, components, providers). `reos inventory` prints it.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { mountGetInventory } from './get.js';

export { summarizeOperations, COUNTED_METHODS, UNTAGGED, type OperationInventory, type DomainOperations, type InventoryOperation } from './operations.js';
export type { Inventory } from './schema.js';

export function inventoryRoutes(openApiDocument: () => unknown): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  mountGetInventory(app, openApiDocument);
  return app;
}
