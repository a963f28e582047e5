/**
 * The database backend a test run uses: embedded PGlite (default) or PostgreSQL when the vitest
 * project sets REOS_TEST_BACKEND=postgres. Each call makes a private database (PGlite in memory,
 * or a fresh PostgreSQL database that `close()` drops), so test files never see each other.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../stack/db/client.js';

export type Backend = 'pglite' | 'postgres';

export const backend: Backend = process.env.REOS_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';

/** Admin connection to the machine's PostgreSQL (trust auth, database `test`). */
export const ADMIN_URL = process.env.REOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `reos_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function openTestDatabase(): Promise<Database> {
  if (backend === 'pglite') return openDatabase({ ephemeral: true });
  const created = await createPgDatabase();
  const database = await openDatabase({ databaseUrl: created.url, poolSize: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}
