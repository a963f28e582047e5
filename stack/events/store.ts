/**
 * The `domain_events` table: the team's ordered log behind SSE replay.
 *
 * Ids come from one identity sequence, and sequences hand out numbers before commit: two
 * concurrent inserts for one team could commit as 5 then 4, and a reader that saw 5 but not
 * yet 4 would skip 4 for good. `appendEvent` therefore takes a per-team transaction-scoped
 * advisory lock inside its single INSERT statement, so a team's ids commit in increasing
 * order and "every event with id > N" read at any moment is a gap-free prefix of the future.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { DomainEvent } from './types.js';

// First key of the two-int advisory lock: keeps these locks apart from any other user of them.
const LOCK_NAMESPACE = 0x5e_e1;

interface EventRow {
  id: string | number;
  team_id: string;
  type: string;
  data: unknown;
  created_at: string | Date;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

function toEvent(row: EventRow): DomainEvent {
  const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
  return {
    id: Number(row.id),
    teamId: row.team_id,
    type: row.type,
    data,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Inserts one event and returns it with its id; ids of one team commit in increasing order.
 *
 * @example
 * const event = await appendEvent(db, user.teamId, 'lead.created', { id: lead.id }); // event.id: 42
 */
export async function appendEvent(db: Db, teamId: string, type: string, data: unknown): Promise<DomainEvent> {
  const [row] = await rows<EventRow>(
    db,
    sql`with team_lock as (select pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${teamId})))
        insert into domain_events (team_id, type, data)
        select ${teamId}, ${type}, ${JSON.stringify(data ?? {})}::jsonb from team_lock
        returning id, team_id, type, data, created_at`,
  );
  return toEvent(row);
}

export async function eventsAfter(db: Db, teamId: string, afterId: number, limit: number): Promise<DomainEvent[]> {
  const found = await rows<EventRow>(
    db,
    sql`select id, team_id, type, data, created_at from domain_events
        where team_id = ${teamId} and id > ${afterId} order by id limit ${limit}`,
  );
  return found.map(toEvent);
}

export async function latestEventId(db: Db, teamId: string): Promise<number> {
  const [row] = await rows<{ id: string | number | null }>(db, sql`select max(id) as id from domain_events where team_id = ${teamId}`);
  return Number(row?.id ?? 0);
}

/** The newest id of any team; `max` over the primary key is one index probe. */
export async function newestEventId(db: Db): Promise<number> {
  const [row] = await rows<{ id: string | number | null }>(db, sql`select max(id) as id from domain_events`);
  return Number(row?.id ?? 0);
}

export interface PurgeLimits {
  /** Events kept per team. */
  keep: number;
  /** Events older than this are deleted whatever their rank. */
  retentionSeconds: number;
  /** Rows deleted per statement, so one purge never holds long locks. */
  batch?: number;
}

/**
 * Deletes events beyond the newest `keep` of their team or older than the retention.
 *
 * @example
 * await purgeEvents(db, { keep: 1000, retentionSeconds: 86_400 }); // how many rows went
 */
export async function purgeEvents(db: Db, limits: PurgeLimits): Promise<number> {
  const batch = limits.batch ?? 5_000;
  let total = 0;
  for (;;) {
    const deleted = await rows<{ id: string }>(
      db,
      sql`delete from domain_events where id in (
            select id from (
              select id, created_at,
                     row_number() over (partition by team_id order by id desc) as newest_first
              from domain_events
            ) ranked
            where newest_first > ${limits.keep}
               or created_at < now() - make_interval(secs => ${limits.retentionSeconds})
            limit ${batch}
          ) returning id`,
    );
    total += deleted.length;
    if (deleted.length < batch) return total;
  }
}
