/** `reos db seed`: idempotent demo data for presenters (a team, users, properties, leads, deals). */
import { BaseCommand } from '../../base-command.js';
import { databaseTargetFlags } from '../../flags.js';
import { resolveDatabaseTarget } from '../../runtime/database-target.js';
import { loadCommandEnvironment } from '../../runtime/env.js';
import type { SeedResult } from '../../runtime/seed/index.js';

export default class DbSeed extends BaseCommand {
  static override summary = 'Load the demo data set (idempotent): a team, users, properties, leads, deals';
  static override description = `Writes, through the API's own routes and rules, a demo team: its owner (admin) and an agent with known mock passwords (printed at the end), properties in every stage, leads with activities, and deals across the pipeline (moved by the same transitions a user makes). Each record is found by its natural key first, so running it again changes nothing. Targets the embedded database under --data-dir (created and migrated if needed), or PostgreSQL when --database-url or DATABASE_URL is set. Refused while a \`reos up\` holds the same embedded data directory (PostgreSQL can be seeded while the stack runs).

Exit codes: 0 seeded or already there, 1 seeding failed (e.g. the demo owner's password was changed), 2 bad flag, 3 database unreachable or in use.`;

  static override examples = [
    { description: 'Seed the embedded database in ./.reos', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Seed the PostgreSQL of `reos up --services`', command: '<%= config.bin %> <%= command.id %> --database-url postgres://postgres@127.0.0.1:5432/reos' },
    { description: 'What was created, for scripts', command: '<%= config.bin %> <%= command.id %> --json' },
  ];

  static override flags = databaseTargetFlags('seed');

  async run(): Promise<SeedResult> {
    const { flags } = await this.parse(DbSeed);
    const { env } = loadCommandEnvironment();
    const target = resolveDatabaseTarget(env, { dataDir: flags['data-dir'], databaseUrl: flags['database-url'] });
    const { seedDemoData, formatSeed } = await import('../../runtime/seed/index.js');
    const result = await seedDemoData({ target, env, version: this.config.version });
    if (!this.jsonEnabled()) this.log(formatSeed(result));
    return result;
  }
}
