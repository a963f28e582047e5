/**
 * Opens the platform database: PGlite (embedded, on disk or in memory) or PostgreSQL
 * (`DATABASE_URL`). Both give the same Drizzle API over the same schema, so the rest of the
 * stack never knows which one it talks to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { StackError } from '../lib/errors.js';
import { lockDataDir, type DataDirLock } from './lock.js';
import { applyMigrations } from './migrate.js';
import * as schema from './schema.js';
import { readTemplate, templateKey, writeTemplate } from './pglite-template.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseOptions {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /** Root of reos' local state; PGlite keeps its files in `<dataDir>/pgdata`. */
  dataDir?: string;
  /** Keep the embedded database in memory: nothing is written, everything is lost at exit. */
  ephemeral?: boolean;
  /** Run pending migrations while opening (the default for `reos up`). */
  migrate?: boolean;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /**
   * Let hot reads run as named prepared statements (DATABASE_PREPARED_STATEMENTS, default true).
   * Turn off behind a pooler that cannot keep them (PgBouncer in transaction mode before 1.21).
   */
  preparedStatements?: boolean;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Human description for logs and status: a path, `memory`, or the URL without password. */
  location: string;
  /** A cheap round trip; rejects when the database cannot answer. */
  ping(timeoutMs?: number): Promise<void>;
  /** The connection pool's counts (PostgreSQL); PGlite has one in-process connection and no pool. */
  poolStats?(): { max: number; total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/** Root handles (never transactions) whose hot reads may be prepared statements. */
const preparing = new WeakSet<Db>();

/** Whether `db` is a root handle opened with prepared statements allowed (see team-scope.ts). */
export function prefersPreparedStatements(db: Db): boolean {
  return preparing.has(db);
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = options.databaseUrl ? await openPostgres(options) : await openPglite(options);
  if (options.preparedStatements !== false) preparing.add(database.db);
  if (options.migrate !== false) {
    try {
      await applyMigrations(database);
    } catch (error) {
      await database.close().catch(() => undefined);
      throw new StackError('MIGRATION_FAILED', `Database migrations failed on ${database.location}: ${(error as Error).message}`, {
        hint: 'Run `reos db status` to see which migration is pending; a data directory from a newer reos needs that version.',
        cause: error,
      });
    }
  }
  if (database.afterMigrate) await database.afterMigrate();
  return database;
}

interface OpenedDatabase extends Database {
  afterMigrate?: () => Promise<void>;
}

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function openPostgres(options: DatabaseOptions): Promise<OpenedDatabase> {
  const [{ default: pg }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const location = redactUrl(options.databaseUrl!);
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StackError('DATABASE_UNREACHABLE', `Cannot connect to PostgreSQL at ${location}: ${(error as Error).message}`, {
      hint: 'Check that PostgreSQL is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.',
      cause: error,
    });
  }
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    location,
    ping: (ms = 2_000) => timeout(db.execute(sql`select 1`), ms, 'PostgreSQL').then(() => undefined),
    poolStats: () => ({ max: pool.options.max ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

async function openPglite(options: DatabaseOptions): Promise<OpenedDatabase> {
  const [{ PGlite }, { drizzle }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  const root = path.resolve(options.dataDir ?? '.reos');
  const key = templateKey(pgliteVersion());
  let lock: DataDirLock | undefined;
  let dataDir: string | undefined;
  if (!options.ephemeral) {
    lock = lockDataDir(root);
    dataDir = path.join(root, 'pgdata');
  }
  // Held while a new database is made (initdb, or the template unpacked): a start killed then
  // leaves PG_VERSION beside a half-made cluster that PGlite can never open. Holding the lock,
  // we know its maker is dead, and a database that was never finished holds no data yet.
  const creating = dataDir ? path.join(root, 'pgdata.creating') : undefined;
  if (dataDir && creating && fs.existsSync(creating)) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(creating, { force: true });
  }
  const isNew = !dataDir || !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  // The template is a *migrated* database: only a caller that migrates may start from it or fill it.
  const useTemplate = isNew && options.migrate !== false;
  const template = useTemplate ? readTemplate(key) : undefined;
  let client;
  try {
    if (isNew && creating) fs.writeFileSync(creating, String(process.pid));
    client = await PGlite.create({ dataDir, ...(template ? { loadDataDir: template } : {}) });
    if (isNew && creating) fs.rmSync(creating, { force: true });
  } catch (error) {
    lock?.release();
    throw new StackError('DATABASE_OPEN_FAILED', `Cannot open the embedded database in ${dataDir ?? 'memory'}: ${(error as Error).message}`, {
      hint: 'The data directory may be damaged or from another PGlite version; move it aside or use --ephemeral.',
      cause: error,
    });
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory',
    // A new database that had no template is migrated now; dump it so the next one loads fast.
    afterMigrate: useTemplate && !template ? () => writeTemplate(key, client) : undefined,
    ping: async (ms = 2_000) => {
      if (closed) throw new Error('the embedded database is closed');
      await timeout(client.query('select 1'), ms, 'PGlite');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}



let versionCache: string | undefined;
function pgliteVersion(): string {
  if (versionCache) return versionCache;
  let dir = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  versionCache = String((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version);
  return versionCache;
}
