/** `reos db migrate`: apply the pending migrations, and say which. */
import { BaseCommand } from '../../base-command.js';
import { resolveDatabaseTarget } from '../../runtime/database-target.js';
import { migrateDatabase, type MigrateResult } from '../../runtime/db.js';
import { formatMigrate } from '../../runtime/db-report.js';
import { loadCommandEnvironment } from '../../runtime/env.js';
import { databaseTargetFlags } from '../../flags.js';

export default class DbMigrate extends BaseCommand {
  static override summary = 'Apply pending database migrations';
  static override description = `Migrates the embedded database under --data-dir (creating it if needed), or PostgreSQL when --database-url or DATABASE_URL is set. \`reos up\` does this on start; run it yourself to migrate ahead of a deploy. Refused while a \`reos up\` holds the same data directory.

Exit codes: 0 migrated or already up to date, 1 a migration failed or the database is from a newer reos, 2 bad flag, 3 database unreachable or in use.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --data-dir /var/lib/reos',
    '<%= config.bin %> <%= command.id %> --database-url postgres://postgres@127.0.0.1:5432/reos --json',
  ];

  static override flags = databaseTargetFlags('migrate');

  async run(): Promise<MigrateResult> {
    const { flags } = await this.parse(DbMigrate);
    const { env } = loadCommandEnvironment();
    const result = await migrateDatabase(resolveDatabaseTarget(env, { dataDir: flags['data-dir'], databaseUrl: flags['database-url'] }));
    this.log(formatMigrate(result));
    return result;
  }
}
