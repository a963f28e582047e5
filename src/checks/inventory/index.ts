/**
 * `inventory`: claims about what the deployment is made of, checked against its `GET
 * /inventory` (stack/inventory/): at least N operations, domains present, at least N tables or
 * named ones, providers mock or real, components running where expected. The recorded answer is
 * the evidence: `reos evidence verify` re-evaluates every claim from it.
 *
 * @example
 * - id: inventory
 *   inventory: { bearer: "${{ steps.login.token }}" }
 *   expect:
 *     operations_at_least: 90
 *     domains: [auth, properties, leads, deals]
 *     providers: { mail: mock, database: mock }
 */
import type { CheckKind } from '../../model.js';
import { sendRequest } from '../support/http-client.js';
import { errored, outcome } from '../support/outcome.js';
import { expectationsOf, stepLocator } from '../support/reevaluate.js';
import { claimAssertions, inventoryCaptures, type InventoryClaims } from './claims.js';

export type InventorySpec = {
  inventory: { url?: string; bearer?: string; replica?: number };
  expect?: InventoryClaims;
};

const DEFAULT_URL = '/inventory';
const names = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, minItems: 1 };

export const inventoryKind: CheckKind<InventorySpec> = {
  kind: 'inventory',
  description: 'claims about the deployment’s GET /inventory: operation, domain, table, provider and component facts',
  schema: {
    properties: {
      inventory: {
        type: 'object',
        description: '{url, bearer, replica}',
        properties: {
          url: { type: 'string', minLength: 1, description: `where the inventory is (${DEFAULT_URL} by default)` },
          bearer: { type: 'string', description: 'access token of any role' },
          replica: { type: 'integer', minimum: 0, description: 'which --target to ask (0 by default)' },
        },
        additionalProperties: false,
      },
      expect: {
        type: 'object',
        properties: {
          operations_at_least: { type: 'integer', minimum: 0, description: 'documented operations, at least' },
          domains: { ...names, description: 'domains (OpenAPI tags) that must each have an operation' },
          tables_at_least: { type: 'integer', minimum: 0, description: 'database tables, at least' },
          tables: { ...names, description: 'tables that must exist' },
          providers: {
            type: 'object',
            description: 'provider (mail, sms, storage, database) -> mock or real',
            additionalProperties: { enum: ['mock', 'real'] },
          },
          components: {
            type: 'object',
            description: 'component (api, worker, event-bus, rate-limit-store, mail-catcher) -> mode (in-process, separate, redis, memory, disabled)',
            additionalProperties: { type: 'string', minLength: 1 },
          },
        },
        additionalProperties: false,
      },
    },
    required: ['inventory'],
  },
  captures: () => ['status', 'operations', 'domains', 'tables', 'version'],
  async run(spec, ctx) {
    const options = ctx.interpolate(spec.inventory);
    const expect = ctx.interpolate(spec.expect ?? {});
    const exchange = await sendRequest({ url: options.url ?? DEFAULT_URL, ...(options.bearer ? { bearer: options.bearer } : {}), ...(options.replica !== undefined ? { replica: options.replica } : {}) }, ctx);
    if (exchange.error) return errored(exchange.error, { exchanges: [exchange] });
    return outcome({ assertions: claimAssertions(exchange, expect, ctx.locate), captures: inventoryCaptures(exchange), exchanges: [exchange], expectations: { expect } });
  },
  reevaluate(step) {
    const stored = expectationsOf<{ expect: InventoryClaims }>(step);
    const exchange = step.exchanges[0];
    if (!stored || !exchange) return { assertions: [], notReevaluated: [{ label: '*', why: stored ? 'the inventory request is not recorded' : 'the pack stores no expectations for this step' }] };
    return { assertions: claimAssertions(exchange, stored.expect, stepLocator(step)) };
  },
};
