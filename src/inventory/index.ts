/**
 * `reos inventory` as a library: without a target, start the bundled stack in process the way
 * `reos verify` does (fresh in-memory database, free ports), read its inventory and stop it;
 * with one, read the running API's. The command only parses flags and prints.
 */
import { EXIT, ReosError } from '../errors.js';
import type { EnvMap } from '../runtime/env.js';
import { embeddedStackConfig, operatorToken, startEmbeddedStack } from '../verify/embedded.js';
import { readInventory } from './read.js';
import type { InventoryReport } from './report.js';

export { readInventory } from './read.js';
export { throwawayToken } from './access.js';
export { formatInventory } from './format.js';
export { asInventoryReport, INVENTORY_FILE, INVENTORY_FORMAT, unreadableInventory, type InventoryReport } from './report.js';
export { inventoryAccess, inventoryAfterRun, type InventoryAccess } from './for-run.js';

export interface CollectInventoryOptions {
  env: EnvMap;
  version: string;
  /** A running API's base URL; the bundled stack is started when absent. */
  target?: string;
  /** Bearer token for /inventory (--token, else REOS_TOKEN); a throwaway account otherwise. */
  token?: string;
}

export async function collectInventory(options: CollectInventoryOptions): Promise<InventoryReport> {
  const token = options.token || options.env.REOS_TOKEN || undefined;
  if (options.target) {
    if (!/^https?:\/\/[^/\s]+/i.test(options.target)) {
      throw new ReosError(`--target must be an http(s) URL such as http://127.0.0.1:8000, got "${options.target}".`, { exitCode: EXIT.usage, code: 'BAD_TARGET' });
    }
    return readInventory(options.target.replace(/\/+$/, ''), { token });
  }
  const config = await embeddedStackConfig(options.env, options.version);
  const stack = await startEmbeddedStack(config);
  try {
    return await readInventory(stack.url, { token: token ?? (await operatorToken(config)), label: 'embedded' });
  } finally {
    await stack.close();
  }
}
