/**
 * List pagination shared by every collection: `limit` (1-100, default 20), `offset`, or an opaque
 * `cursor` for keyset paging on the default order (newest first), and the page envelope
 * `{items, total, limit, offset, next_cursor}`.
 */
import { z } from '@hono/zod-openapi';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ProblemError } from './problem.js';

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

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(createdAt.getTime())) throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw new ProblemError(422, {
      detail: 'The cursor is not one this API issued.',
      errors: [{ detail: 'Use the next_cursor value from a previous page', parameter: 'cursor' }],
    });
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
