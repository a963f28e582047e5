/**
 * The inventory document `reos inventory --json` prints and every evidence pack holds as
 * `inventory.json`: the operations (always, from the target's OpenAPI document) and, when the
 * target serves `GET /inventory`, its tables, components and providers; what could not be
 * read is said in `unavailable`, never left out silently.
 */
import type { OperationInventory } from '../../stack/inventory/operations.js';

export const INVENTORY_FILE = 'inventory.json';
export const INVENTORY_FORMAT = 'reos-inventory';

export interface InventoryTable {
  schema: string;
  name: string;
  rows: number;
  source: string;
}

export interface InventoryReport {
  format: typeof INVENTORY_FORMAT;
  formatVersion: 1;
  /** The base URL read, or `embedded`. */
  target: string;
  fetchedAt: string;
  /** The deployment's version, from /inventory. */
  version?: string;
  operations: OperationInventory;
  tables?: { total: number; rows: number; tables: InventoryTable[] };
  components?: Array<{ name: string; mode: string; detail: string }>;
  providers?: Array<{ name: string; kind: string; mode: 'mock' | 'real'; detail: string }>;
  /** What is missing and why (no OpenAPI document, no /inventory, a refused token ...). */
  unavailable: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `value` when it has the shape of an inventory report (as read back from a pack), else undefined. */
export function asInventoryReport(value: unknown): InventoryReport | undefined {
  if (!isObject(value) || value.format !== INVENTORY_FORMAT || !isObject(value.operations) || !Array.isArray(value.unavailable)) return undefined;
  const ops = value.operations;
  if (typeof ops.total !== 'number' || !Array.isArray(ops.domains) || !Array.isArray(ops.operations)) return undefined;
  return value as unknown as InventoryReport;
}

/** The report of a target that could not be read at all (never ready): no operations, and why. */
export function unreadableInventory(target: string, why: string): InventoryReport {
  return { format: INVENTORY_FORMAT, formatVersion: 1, target, fetchedAt: new Date().toISOString(), operations: { total: 0, methods: {}, domains: [], operations: [] }, unavailable: [`everything: ${why}`] };
}
