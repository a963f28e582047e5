/**
 * `reos db status` and `reos db migrate` as library calls. Both take the same data-directory
 * lock as `reos up` and always close the database. Status never changes or creates one: an
 * embedded data directory without a database reports every migration pending. Migrate applies
 * what is pending, or creates a new embedded database through the stack's normal path (so the
 * PGlite template cache is used and filled as on `reos up`).
 */
import fs from 'node:fs';
import { openDatabase, type Database } from '../../stack/db/client.js';
import { applyMigrations, migrationStatus, type MigrationStatus } from '../../stack/db/migrate.js';
import { lockDataDir } from '../../stack/db/lock.js';
import { StackError } from '../../stack/lib/errors.js';
import { EXIT, ReosError } from '../errors.js';
import { embeddedDatabaseExists, explainDataDirError, pgdataDir, type DatabaseTarget } from './database-target.js';

export interface DatabaseStatus extends MigrationStatus {
  /** False when the embedded data directory has no database yet. */
  exists: boolean;
}

export interface MigrateResult {
  backend: Database['kind'];
  location: string;
  /** Tags of the migrations this run applied, in order. */
  applied: string[];
  pending: number;
}

export async function databaseStatus(target: DatabaseTarget): Promise<DatabaseStatus> {
  if (isFreshEmbedded(target)) {
    // A `reos up` may be creating it right now: its lock says so.
    checkNotLocked(target.dataDir);
    return { ...(await migrationStatus(noDatabaseYet(target))), exists: false };
  }
  const database = await open(target, false);
  try {
    return { ...(await migrationStatus(database)), exists: true };
  } finally {
    await database.close();
  }
}

export async function migrateDatabase(target: DatabaseTarget): Promise<MigrateResult> {
  const fresh = isFreshEmbedded(target);
  const before = fresh ? await migrationStatus(noDatabaseYet(target)) : undefined;
  const database = await open(target, fresh);
  try {
    const start = before ?? (await migrationStatus(database));
    if (start.unknown > 0) throw newerSchemaError(start);
    if (!fresh && start.pending > 0) await apply(database);
    const after = await migrationStatus(database);
    const wasPending = new Set(start.migrations.filter((m) => !m.applied).map((m) => m.hash));
    const applied = after.migrations.filter((m) => m.applied && wasPending.has(m.hash)).map((m) => m.tag);
    return { backend: after.backend, location: after.location, applied, pending: after.pending };
  } finally {
    await database.close();
  }
}

/** A database holding migrations this reos does not know was written by a newer reos. */
export function newerSchemaError(status: MigrationStatus): ReosError {
  return new ReosError(`The database at ${status.location} has ${status.unknown} migration(s) this version of reos does not know: it was migrated by a newer reos.`, {
    hint: 'Upgrade reos to the version that migrated it (or a newer one); this version may misread its tables.',
    exitCode: EXIT.failed,
    code: 'NEWER_SCHEMA',
  });
}

function isFreshEmbedded(target: DatabaseTarget): boolean {
  return !target.databaseUrl && !embeddedDatabaseExists(target.dataDir);
}

async function open(target: DatabaseTarget, migrate: boolean): Promise<Database> {
  try {
    return await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir, migrate });
  } catch (error) {
    throw explainOpenError(error, target.dataDir);
  }
}

async function apply(database: Database): Promise<void> {
  try {
    await applyMigrations(database);
  } catch (error) {
    throw new ReosError(`Applying migrations to ${database.location} failed: ${(error as Error).message}`, {
      hint: 'Pending migrations run in one transaction, so none of them was applied: fix the cause above and run `reos db migrate` again.',
      exitCode: EXIT.failed,
      code: 'MIGRATION_FAILED',
      cause: error,
    });
  }
}

function checkNotLocked(dataDir: string): void {
  if (!fs.existsSync(dataDir)) return;
  try {
    lockDataDir(dataDir).release();
  } catch (error) {
    throw explainOpenError(error, dataDir);
  }
}

/** The stack's errors speak to `reos up`; here the fixes and exit codes are the db commands'. */
function explainOpenError(error: unknown, dataDir: string): unknown {
  if (error instanceof StackError && error.code === 'DATA_DIR_LOCKED') {
    return new ReosError(error.message, {
      hint: 'The embedded database is single-process: stop that `reos up` first (Ctrl+C in its terminal). `reos up` applies pending migrations itself when it starts.',
      exitCode: EXIT.unreachable,
      code: error.code,
      cause: error,
    });
  }
  if (error instanceof StackError && error.code === 'MIGRATION_FAILED') {
    return new ReosError(error.message, { hint: error.hint, exitCode: EXIT.failed, code: error.code, cause: error });
  }
  return explainDataDirError(error, dataDir);
}

/**
 * Stands in for a database with no tables, so `migrationStatus` (the one place that lists and
 * hashes migrations) reports every one pending without a database being created.
 */
function noDatabaseYet(target: DatabaseTarget): Database {
  const empty = { execute: async () => ({ rows: [] }) };
  return { kind: 'pglite', location: pgdataDir(target.dataDir), db: empty } as unknown as Database;
}

/**
 * Opens the target's database the way `reos up` does (created and migrated when needed, under
 * the same data-dir lock), runs `use`, and always closes it. For commands that write through
 * the API's own code, such as `reos db seed`.
 */
export async function withMigratedDatabase<T>(target: DatabaseTarget, use: (database: Database) => Promise<T>): Promise<T> {
  const database = await open(target, true);
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}
