/**
 * Which database a command talks to: PostgreSQL when a URL is given (flag or DATABASE_URL),
 * otherwise the embedded PGlite under the data directory. Bad values are refused here, before
 * anything is opened, with the flag to fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, ReosError } from '../errors.js';
import type { EnvMap } from './env.js';

export interface DatabaseTarget {
  /** PostgreSQL connection string; when set the data directory holds no database. */
  databaseUrl?: string;
  /** Absolute path of reos' local state folder (PGlite keeps its files in `pgdata/` inside). */
  dataDir: string;
}

export interface DatabaseTargetFlags {
  databaseUrl?: string;
  dataDir?: string;
}

export function resolveDatabaseTarget(env: EnvMap, flags: DatabaseTargetFlags): DatabaseTarget {
  const databaseUrl = flags.databaseUrl ?? (env.DATABASE_URL || undefined);
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl);
  const dataDir = path.resolve(flags.dataDir ?? (env.REOS_DATA_DIR || '.reos'));
  if (!databaseUrl) checkDataDir(dataDir);
  return { databaseUrl, dataDir };
}

/** Only postgres:// URLs: anything else would reach pg as a libpq string and fail obscurely. */
export function checkDatabaseUrl(url: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // not a URL at all
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ReosError('The database URL must be a postgres:// or postgresql:// URL.', {
      hint: 'Pass --database-url postgres://user:password@host:5432/dbname (or set DATABASE_URL), or leave both unset for the embedded database.',
      exitCode: EXIT.usage,
      code: 'BAD_DATABASE_URL',
    });
  }
}

/** The data directory may not exist yet, but if something is there it must be a folder. */
export function checkDataDir(dir: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    throw new ReosError(`The data directory ${dir} is a file, not a folder.`, {
      hint: 'Pass --data-dir <folder> (or set REOS_DATA_DIR) to a folder reos may create or reuse.',
      exitCode: EXIT.usage,
      code: 'BAD_DATA_DIR',
    });
  }
}

/** Same test as the stack's own: an initialised PGlite directory has PG_VERSION. */
export function embeddedDatabaseExists(dataDir: string): boolean {
  return fs.existsSync(path.join(pgdataDir(dataDir), 'PG_VERSION'));
}

export function pgdataDir(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

/**
 * A file-system failure on the data directory (cannot create it, read-only, full disk) as one
 * clear error naming the folder; anything else is returned unchanged.
 */
export function explainDataDirError(error: unknown, dataDir: string): unknown {
  const { code, path: where } = error as NodeJS.ErrnoException;
  if (!code || typeof where !== 'string' || !where.startsWith(dataDir)) return error;
  if (code === 'ENOSPC') {
    return new ReosError(`The disk holding the data directory ${dataDir} is full.`, { hint: 'Free some space, or pass --data-dir <a folder on another disk>.', code: 'DATA_DIR_FULL', cause: error });
  }
  return new ReosError(`Cannot use the data directory ${dataDir}: ${(error as Error).message}.`, {
    hint: 'Pass --data-dir <a folder you can write> (or set REOS_DATA_DIR).',
    exitCode: EXIT.usage,
    code: 'BAD_DATA_DIR',
    cause: error,
  });
}
