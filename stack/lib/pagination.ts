/**
 * List pagination shared by every collection: `limit` (1-100, default 20), `offset`, or an opaque
 * `cursor` for keyset paging on the default order (newest first), and the page envelope
 * `{items, total, limit, offset, next_cursor}`.
 */
import { z } from '@hono/zod-openapi';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { invalidRequest } from './validation.js';

export const MAX_PAGE_SIZE = 100;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).openapi({ description: 'Page size, at most 100', example: 20 }),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ description: 'Rows to skip (ignored with cursor)' }),
  cursor: z.string().max(200).optional().openapi({ description: 'Opaque cursor from a previous page’s next_cursor' }),
});

export function pageSchema<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
      next_cursor: z.string().nullable(),
    })
    .openapi(name);
}

interface CursorKey {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: CursorKey): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

// Ids this API issues are printable; a control character (NUL above all, which PostgreSQL text
// cannot hold and the driver would fail on with a 500) marks a forged cursor.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** What a cursor may carry: a key the database can compare, so a forged one is a 422, not a 500. */
function isCursorKey(at: unknown, id: unknown): boolean {
  if (typeof at !== 'string' || typeof id !== 'string' || CONTROL_CHARACTER.test(id)) return false;
  // JavaScript dates reach years PostgreSQL timestamps and ISO strings do not.
  const year = new Date(at).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (!isCursorKey(at, id)) throw new Error('bad cursor');
    return { createdAt: new Date(at as string), id: id as string };
  } catch {
    throw invalidRequest('The cursor is not one this API issued.', [{ detail: 'Use the next_cursor value from a previous page', parameter: 'cursor' }]);
  }
}

/** Keyset condition "after this cursor" for the default order (created_at desc, id desc). */
export function afterCursor(columns: { createdAt: PgColumn; id: PgColumn }, cursor: string): SQL {
  const key = decodeCursor(cursor);
  return or(lt(columns.createdAt, key.createdAt), and(eq(columns.createdAt, key.createdAt), lt(columns.id, key.id)))!;
}

export function newestFirst(columns: { createdAt: PgColumn; id: PgColumn }): SQL[] {
  return [desc(columns.createdAt), desc(columns.id)];
}
