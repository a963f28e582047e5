/** `reos inventory`: what a deployment is made of (operations, tables, components, providers). */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import type { InventoryReport } from '../inventory/index.js';

export default class Inventory extends BaseCommand {
  static override summary = 'List what the platform is made of: operations by domain, tables, components and providers';
  static override description = `Without --target, starts the bundled stack in this process (fresh in-memory database, free ports, as reos verify does), reads its inventory and stops it. With --target, reads a running API: its operations from /docs/openapi.json, and its tables (with row counts), running components and providers (mock or real) from GET /inventory, authenticated with --token or REOS_TOKEN, else with a throwaway account it registers. An API without /inventory still gets its operations listed; the rest is reported unavailable.

Exit codes: 0 listed, 2 bad usage, 3 the target could not be reached (or the stack could not start).`;

  static override examples = [
    { description: 'The bundled platform', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'A running deployment, as JSON', command: '<%= config.bin %> <%= command.id %> --target http://127.0.0.1:8000 --json' },
    { description: 'With an existing account’s token', command: 'REOS_TOKEN=eyJ... <%= config.bin %> <%= command.id %> --target https://crm.example.com' },
  ];

  static override flags = {
    target: Flags.string({ description: 'Base URL of a running API to read instead of starting the bundled stack.' }),
    token: Flags.string({ description: 'Bearer token for GET /inventory. [env: REOS_TOKEN; default: a throwaway account is registered]' }),
  };

  async run(): Promise<InventoryReport> {
    const { flags } = await this.parse(Inventory);
    const { loadCommandEnvironment } = await import('../runtime/env.js');
    const { collectInventory, formatInventory } = await import('../inventory/index.js');
    const { env } = loadCommandEnvironment();
    const report = await collectInventory({ env, version: this.config.version, target: flags.target, token: flags.token });
    if (!this.jsonEnabled()) this.log(formatInventory(report));
    return report;
  }
}
