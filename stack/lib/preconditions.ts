/**
 * Conditional requests (RFC 9110 sections 8.8.3 and 13.1) on any row with a `version` that
 * every write increments. The strong ETag names that version: a GET with a matching
 * If-None-Match gets 304, and a write whose If-Match no longer matches gets 412 and changes
 * nothing, so two clients editing the same object cannot silently overwrite each other.
 *
 * @example
 * const row = await lockInTeam(tx, leads, scope, { noun: 'lead', ifMatch }); // 404, then 412
 * await tx.update(leads).set({ ...changes, ...nextRevision(leads) }).where(inTeam(leads, scope));
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ProblemError } from './problem.js';
import { nextUpdatedAt } from './timestamps.js';

export interface Versioned {
  version: number;
}

/**
 * Strong and quoted. The version alone suffices: an ETag is compared only with tags of the same
 * URL, and ids are never reused, so a version names one state of one object.
 */
export function etagOf(row: Versioned): string {
  return `"v${row.version}"`;
}

/** The columns every write of a versioned row sets besides its own: a new version and updated_at. */
export function nextRevision(table: { version: PgColumn; updatedAt: PgColumn }): { version: SQL; updatedAt: SQL } {
  return { version: sql`${table.version} + 1`, updatedAt: nextUpdatedAt(table.updatedAt) };
}

/** The entity tags of an If-Match / If-None-Match header, or `*`. */
function parseTags(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return header.match(/(W\/)?"[^"]*"/g) ?? [];
}

/** If-None-Match uses the weak comparison: `W/"v3"` matches `"v3"`; `*` matches any existing row. */
export function isNotModified(ifNoneMatch: string | undefined, row: Versioned): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = parseTags(ifNoneMatch);
  return tags === '*' || tags.some((tag) => tag.replace(/^W\//, '') === etagOf(row));
}

/**
 * Throws 412 when If-Match is present and names neither `*` nor the current version. If-Match uses
 * the strong comparison, so a weak tag never matches. Check it on the locked row, inside the
 * write's transaction (see `lockInTeam`), so two writes carrying the same tag cannot both pass.
 * `noun` names the object in the detail: `The lead has changed since you read it`.
 */
export function assertIfMatch(ifMatch: string | undefined, row: Versioned, noun: string): void {
  if (ifMatch === undefined) return;
  const tags = parseTags(ifMatch);
  const current = etagOf(row);
  if (tags === '*' || tags.includes(current)) return;
  throw new ProblemError(412, {
    detail: `The ${noun} has changed since you read it (If-Match ${ifMatch.trim()}, current ETag ${current}); fetch it again and retry.`,
    headers: { ETag: current },
  });
}
