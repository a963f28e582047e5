/**
 * The inventory `reos verify` records in every pack (inventory.json). The token is taken before
 * the scenarios run (REOS_TOKEN, or a throwaway account), while the auth rate limits still have
 * budget: a hardening scenario may spend them all. The inventory itself is read after the run,
 * so its row counts include what the scenarios wrote.
 */
import type { EnvMap } from '../runtime/env.js';
import { throwawayToken } from './access.js';
import { documents, readInventory } from './read.js';
import { unreadableInventory, type InventoryReport } from './report.js';

export interface InventoryAccess {
  token?: string;
  /** Why there is no token (reported in `unavailable` if /inventory needed one). */
  problem?: string;
}

/** A token for `base`'s /inventory: REOS_TOKEN, else a throwaway account when its OpenAPI document `doc` lists registration. */
export async function inventoryAccess(base: string, env: EnvMap, doc: unknown): Promise<InventoryAccess> {
  if (env.REOS_TOKEN) return { token: env.REOS_TOKEN };
  if (!documents(doc, '/inventory', 'get') || !documents(doc, '/auth/register', 'post')) return {};
  const access = await throwawayToken(base);
  return 'token' in access ? { token: access.token } : { problem: access.problem };
}

/** The report for the pack; never throws (a failure is recorded in `unavailable`). */
export async function inventoryAfterRun(base: string, options: { access: InventoryAccess; openapi: unknown; label: string }): Promise<InventoryReport> {
  try {
    const report = await readInventory(base, { token: options.access.token, register: false, openapi: options.openapi, label: options.label });
    if (options.access.problem && !report.tables) report.unavailable.push(`token: ${options.access.problem}`);
    return report;
  } catch (error) {
    return unreadableInventory(options.label, (error as Error).message);
  }
}
