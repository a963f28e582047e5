/**
 * Team scoping for business rows. Every lookup by id also matches the caller's team, so another
 * team's id is indistinguishable from one that never existed: 404 for the row addressed, 422 for
 * a row a body refers to, never 403 (OWASP API1, BOLA). Any domain whose table has `id` and
 * `team_id` columns can use these helpers; the write helpers also need `version` (see
 * preconditions.ts), and check 404 before 412 so that If-Match never reveals another team's row.
 *
 * @example
 * const property = await findInTeam(db, properties, { teamId: user.teamId, id }, { noun: 'property' });
 */
import { and, eq, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { prefersPreparedStatements, type Db } from '../db/client.js';
import { deals, leads, properties, users } from '../db/schema.js';
import { assertIfMatch, type Versioned } from './preconditions.js';
import { ProblemError, type FieldError } from './problem.js';
import { isStorableText } from './text.js';
import { invalidRequest } from './validation.js';

export type TeamScopedTable = PgTable & { id: PgColumn; teamId: PgColumn };
export type VersionedTable = TeamScopedTable & { version: PgColumn; $inferSelect: Versioned };

export interface TeamScope {
  teamId: string;
  id: string;
}

export interface FindOptions {
  /** Singular noun for the 404 detail: `No <noun> with id <id>`. */
  noun: string;
  /** Lock the row (`FOR UPDATE`) until the surrounding transaction ends; use inside `db.transaction`. */
  lock?: boolean;
}

export interface WriteOptions {
  noun: string;
  /** The request's If-Match header, if it sent one. */
  ifMatch?: string;
}

export function notFoundInTeam(noun: string, id: string): ProblemError {
  return new ProblemError(404, { detail: `No ${noun} with id ${id}` });
}

/** `id = ? AND team_id = ?`: the only way a business row should be addressed. */
export function inTeam(table: TeamScopedTable, scope: TeamScope): SQL {
  return and(eq(table.id, scope.id), eq(table.teamId, scope.teamId))!;
}

interface PreparedFind {
  execute(values: TeamScope): Promise<unknown[]>;
}

/** One prepared `find by id in team` per root database handle and table (see findInTeam). */
const preparedFinds = new WeakMap<Db, Map<PgTable, PreparedFind>>();

/**
 * The read by id is the hottest query of the API (every GET, PATCH and reference check), so it
 * is built once and prepared: drizzle skips rebuilding the SQL and PostgreSQL skips parsing and
 * planning it on each connection after the first.
 */
function preparedFind(db: Db, table: TeamScopedTable): PreparedFind {
  let byTable = preparedFinds.get(db);
  if (!byTable) preparedFinds.set(db, (byTable = new Map()));
  let query = byTable.get(table);
  if (!query) {
    query = db
      .select()
      .from(table as PgTable)
      .where(and(eq(table.id, sql.placeholder('id')), eq(table.teamId, sql.placeholder('teamId'))))
      .limit(1)
      .prepare(`find_in_team_${getTableName(table)}`) as unknown as PreparedFind;
    byTable.set(table, query);
  }
  return query;
}

/** The row with this id in this team, or a 404 problem. `db` may be a transaction. */
export async function findInTeam<T extends TeamScopedTable>(db: Db, table: T, scope: TeamScope, options: FindOptions): Promise<T['$inferSelect']> {
  // An id the database cannot store would fail in the driver (500); it matches nothing.
  if (!isStorableText(scope.id)) throw notFoundInTeam(options.noun, scope.id);
  const [row] = options.lock || !prefersPreparedStatements(db)
    ? await db
        .select()
        .from(table as PgTable)
        .where(inTeam(table, scope))
        .limit(1)
        .for('update')
    : await preparedFind(db, table).execute({ id: scope.id, teamId: scope.teamId });
  if (!row) throw notFoundInTeam(options.noun, scope.id);
  return row as T['$inferSelect'];
}

/**
 * The row, locked until the transaction `tx` ends, after its If-Match passed: the start of every
 * read-check-write. Writing in the same transaction makes the check atomic with the write.
 */
export async function lockInTeam<T extends VersionedTable>(tx: Db, table: T, scope: TeamScope, options: WriteOptions): Promise<T['$inferSelect']> {
  const row = await findInTeam(tx, table, scope, { noun: options.noun, lock: true });
  assertIfMatch(options.ifMatch, row, options.noun);
  return row;
}

/** Deletes the row with this id in the caller's team: 404 when there is none, 412 on a stale If-Match. */
export async function deleteInTeam(db: Db, table: VersionedTable, scope: TeamScope, options: WriteOptions): Promise<void> {
  await db.transaction(async (tx) => {
    await lockInTeam(tx, table, scope, options);
    await tx.delete(table).where(inTeam(table, scope));
  });
}

export type ReferenceKind = 'property' | 'lead' | 'deal' | 'user';

export interface Reference {
  kind: ReferenceKind;
  /** `undefined` (not sent) and `null` (cleared) need no check. */
  id: string | null | undefined;
  /** JSON Pointer of the field in the request body, e.g. `/property_id`. */
  pointer: string;
}

interface ReferenceRule {
  table: TeamScopedTable;
  /** Extra condition the referenced row must meet. */
  condition?: SQL;
  detail(id: string): string;
}

const RULES: Record<ReferenceKind, ReferenceRule> = {
  property: { table: properties, detail: (id) => `No property with id ${id} in your team.` },
  lead: { table: leads, detail: (id) => `No lead with id ${id} in your team.` },
  deal: { table: deals, detail: (id) => `No deal with id ${id} in your team.` },
  // A deactivated member keeps their history but cannot be given new work.
  user: { table: users, condition: eq(users.active, true), detail: (id) => `No active member of your team has id ${id}.` },
};

async function exists(db: Db, rule: ReferenceRule, scope: TeamScope): Promise<boolean> {
  if (!isStorableText(scope.id)) return false;
  const [found] = await db
    .select({ id: rule.table.id })
    .from(rule.table as PgTable)
    .where(and(inTeam(rule.table, scope), rule.condition))
    .limit(1);
  return found !== undefined;
}

/** Throws one 422 listing every reference that is not in the caller's team. `db` may be a transaction. */
export async function checkReferences(db: Db, teamId: string, references: Reference[]): Promise<void> {
  const faults: FieldError[] = [];
  for (const reference of references) {
    if (reference.id == null) continue;
    const rule = RULES[reference.kind];
    if (!(await exists(db, rule, { teamId, id: reference.id }))) faults.push({ detail: rule.detail(reference.id), pointer: reference.pointer });
  }
  if (faults.length > 0) throw invalidRequest('The body refers to something that does not exist in your team.', faults);
}
