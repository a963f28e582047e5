/**
 * The live schema's tables and how many rows each holds, read from the catalog (`pg_class`),
 * the same on PGlite and PostgreSQL. A table the planner estimates (`reltuples`) at COUNT_CAP rows
 * or more keeps that estimate; smaller ones, and those never analyzed (-1: always on PGlite,
 * which runs no autovacuum), are counted, at most COUNT_CAP rows each, so the answer is exact
 * where it is cheap and stays cheap on a big table.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** Rows counted at most per table when the catalog has no estimate. */
export const COUNT_CAP = 100_000;

export interface TableRows {
  schema: string;
  name: string;
  rows: number;
  /** `statistics`: the planner's estimate; `count`: counted now (`capped` when it reached COUNT_CAP). */
  source: 'statistics' | 'count' | 'capped';
}

async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export async function listTables(db: Db): Promise<TableRows[]> {
  const tables = await rowsOf<{ schema: string; name: string; estimate: number | string }>(
    db,
    sql`select n.nspname as schema, c.relname as name, c.reltuples::float8 as estimate
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and not c.relispartition
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_%'
        order by n.nspname, c.relname`,
  );
  const result: TableRows[] = [];
  for (const table of tables) {
    const estimate = Number(table.estimate);
    if (estimate >= COUNT_CAP) {
      result.push({ schema: table.schema, name: table.name, rows: Math.round(estimate), source: 'statistics' });
      continue;
    }
    const [counted] = await rowsOf<{ rows: number | string }>(
      db,
      sql`select count(*)::int as rows from (select 1 from ${sql.identifier(table.schema)}.${sql.identifier(table.name)} limit ${COUNT_CAP}) capped`,
    );
    const rows = Number(counted?.rows ?? 0);
    result.push({ schema: table.schema, name: table.name, rows, source: rows >= COUNT_CAP ? 'capped' : 'count' });
  }
  return result;
}
