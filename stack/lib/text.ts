/**
 * Text fields the database can store, for request bodies and query filters of every domain.
 * PostgreSQL `text` cannot hold NUL, so a NUL is refused here with 422 instead of failing in the
 * driver as a 500; `isStorableText` is the same rule for ids that arrive in a path.
 *
 * @example
 * const Body = z.object({ name: storedText(200), note: clearableText(1000), lead_id: RefId.nullish() });
 */
import { z } from '@hono/zod-openapi';

const NUL_MESSAGE = 'must not contain NUL characters';

/** False for text PostgreSQL would refuse: such an id can match no row. */
export function isStorableText(value: string): boolean {
  return !value.includes('\0');
}

const maxMessage = (max: number) => `must be at most ${max} characters`;

/** Trimmed, non-empty, at most `max` characters. */
export function storedText(max: number) {
  return z.string().trim().min(1, 'must not be empty').max(max, maxMessage(max)).refine(isStorableText, NUL_MESSAGE);
}

/** An optional field that can be cleared: trimmed; empty or null stores null. */
export function clearableText(max: number) {
  return z
    .string()
    .trim()
    .max(max, maxMessage(max))
    .refine(isStorableText, NUL_MESSAGE)
    .transform((s) => s || null)
    .nullable()
    .optional();
}

/** An optional text filter of a list query. */
export function filterText(max: number) {
  return storedText(max).optional();
}

/** The id of another row, as sent in a body or a filter. */
export const RefId = z.string().min(1).max(200).refine(isStorableText, NUL_MESSAGE);
