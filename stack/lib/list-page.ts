/**
 * One page of a team's collection in the envelope every list shares
 * (`{items, total, limit, offset, next_cursor}`). Offset paging for jumping around, keyset
 * cursors for walking a long list newest first without skipping or repeating rows while others
 * write. Other orders page by offset only: a cursor can resume only newest first.
 *
 * @example
 * const page = await listPage(db, { table: leads, where: eq(leads.teamId, teamId), page: query, toItem: leadJson });
 */
import { and, count, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { afterCursor, encodeCursor, newestFirst } from './pagination.js';

export interface PageParams {
  limit: number;
  offset: number;
  /** Only with the default order; a caller offering other orders refuses the combination first. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next_cursor: string | null;
}

type ListedTable = PgTable & { id: PgColumn; createdAt: PgColumn };

export interface ListOptions<T extends ListedTable, Item> {
  table: T;
  /** The filters, team scope included; `total` counts every row they match. */
  where: SQL | undefined;
  page: PageParams;
  toItem(row: T['$inferSelect']): Item;
  /** Another order than newest first (end it on a unique column so pages stay stable); no next_cursor. */
  orderBy?: SQL[];
}

export async function listPage<T extends ListedTable, Item>(db: Db, options: ListOptions<T, Item>): Promise<Page<Item>> {
  const { table, where, page } = options;
  // A cursor already says where the page starts, so the offset is ignored with one.
  const offset = page.cursor ? 0 : page.offset;
  const keyset = page.cursor ? afterCursor(table, page.cursor) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(table as PgTable)
      .where(and(where, keyset))
      .orderBy(...(options.orderBy ?? newestFirst(table)))
      // One row more than asked tells whether another page follows.
      .limit(page.limit + 1)
      .offset(offset),
    db.select({ total: count() }).from(table as PgTable).where(where),
  ]);
  const pageRows = rows.slice(0, page.limit) as T['$inferSelect'][];
  const last = pageRows.at(-1) as { createdAt: Date; id: string } | undefined;
  const more = rows.length > page.limit && !options.orderBy;
  return {
    items: pageRows.map(options.toItem),
    total,
    limit: page.limit,
    offset,
    next_cursor: more && last ? encodeCursor(last) : null,
  };
}

/** A case-insensitive "contains" pattern for ILIKE, with the user's `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
