/** `reos db status`: which migrations the database has, without changing it. */
import { BaseCommand } from '../../base-command.js';
import { EXIT } from '../../errors.js';
import { resolveDatabaseTarget } from '../../runtime/database-target.js';
import { databaseStatus, newerSchemaError, type DatabaseStatus } from '../../runtime/db.js';
import { formatStatus } from '../../runtime/db-report.js';
import { loadCommandEnvironment } from '../../runtime/env.js';
import { databaseTargetFlags } from '../../flags.js';

export default class DbStatus extends BaseCommand {
  static override summary = 'List the migrations and whether the database has them';
  static override description = `Reads the embedded database under --data-dir, or PostgreSQL when --database-url or DATABASE_URL is set, without migrating it or creating it. Refused while a \`reos up\` holds the same data directory.

Exit codes: 0 ok (pending migrations included), 1 the database was migrated by a newer reos, 2 bad flag, 3 database unreachable or in use.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --data-dir /var/lib/reos',
    '<%= config.bin %> <%= command.id %> --database-url postgres://postgres@127.0.0.1:5432/reos --json',
  ];

  static override flags = databaseTargetFlags('read');

  async run(): Promise<DatabaseStatus> {
    const { flags } = await this.parse(DbStatus);
    const { env } = loadCommandEnvironment();
    const status = await databaseStatus(resolveDatabaseTarget(env, { dataDir: flags['data-dir'], databaseUrl: flags['database-url'] }));
    this.log(formatStatus(status));
    if (status.unknown > 0) {
      // The status is still the answer (printed above, or as --json); the exit code flags it.
      const error = newerSchemaError(status);
      process.stderr.write(`Warning: ${error.message}\n  Hint: ${error.hint}\n`);
      process.exitCode = EXIT.failed;
    }
    return status;
  }
}
