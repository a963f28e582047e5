/**
 * Writes and reads of communications shared by the routes and the provider webhooks: the thread
 * a message joins, recording a message, moving its status (announced as
 * `communication.status_changed`), and the JSON shape of both.
 */
import crypto from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { communications, communicationThreads } from './tables.js';

export type CommunicationRow = typeof communications.$inferSelect;
export type ThreadRow = typeof communicationThreads.$inferSelect;
export type NewCommunication = Omit<typeof communications.$inferInsert, 'id' | 'threadId'>;

export function communicationJson(row: CommunicationRow) {
  return {
    id: row.id,
    thread_id: row.threadId,
    lead_id: row.leadId,
    property_id: row.propertyId,
    channel: row.channel,
    direction: row.direction,
    status: row.status,
    to: row.toAddress,
    from: row.fromAddress,
    subject: row.subject,
    body: row.body,
    message_id: row.messageId,
    provider: row.provider,
    provider_id: row.providerId,
    error: row.error,
    duration_seconds: row.durationSeconds,
    outcome: row.outcome,
    notes: row.notes,
    transcription: row.transcription,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
export type CommunicationJson = ReturnType<typeof communicationJson>;

export function threadJson(row: ThreadRow) {
  return {
    id: row.id,
    lead_id: row.leadId,
    property_id: row.propertyId,
    subject: row.subject,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * The thread of a lead, or (without a lead) of a property, made on first use. Concurrent first
 * messages race on the partial unique index; the loser reads the winner's row.
 */
export async function threadFor(db: Db, teamId: string, anchor: { leadId?: string | null; propertyId?: string | null }, subject?: string | null): Promise<ThreadRow | undefined> {
  const leadId = anchor.leadId ?? null;
  const propertyId = leadId ? null : (anchor.propertyId ?? null);
  if (!leadId && !propertyId) return undefined;
  const match = leadId
    ? and(eq(communicationThreads.teamId, teamId), eq(communicationThreads.leadId, leadId))
    : and(eq(communicationThreads.teamId, teamId), isNull(communicationThreads.leadId), eq(communicationThreads.propertyId, propertyId!));
  const [found] = await db.select().from(communicationThreads).where(match).limit(1);
  // A thread an SMS or call opened takes its subject from the first email.
  if (found && !found.subject && subject) {
    const [named] = await db.update(communicationThreads).set({ subject }).where(eq(communicationThreads.id, found.id)).returning();
    return named ?? found;
  }
  if (found) return found;
  const [made] = await db
    .insert(communicationThreads)
    .values({ id: crypto.randomUUID(), teamId, leadId, propertyId, subject: subject ?? null })
    .onConflictDoNothing()
    .returning();
  if (made) return made;
  const [again] = await db.select().from(communicationThreads).where(match).limit(1);
  return again;
}

/** Records one communication in its lead's or property's thread (`thread` when the caller already has it). */
export async function insertCommunication(db: Db, values: NewCommunication & { id?: string }, thread?: ThreadRow): Promise<CommunicationRow> {
  thread ??= await threadFor(db, values.teamId, { leadId: values.leadId, propertyId: values.propertyId });
  const [row] = await db
    .insert(communications)
    .values({ ...values, id: values.id ?? crypto.randomUUID(), threadId: thread?.id ?? null })
    .returning();
  if (thread) await db.update(communicationThreads).set({ updatedAt: row.createdAt }).where(eq(communicationThreads.id, thread.id));
  return row;
}

/** The thread's messages, oldest first. */
export async function threadMessages(db: Db, threadId: string): Promise<CommunicationRow[]> {
  return db.select().from(communications).where(eq(communications.threadId, threadId)).orderBy(asc(communications.createdAt), asc(communications.id));
}

/** Sets fields of one communication of a team and returns the new row (undefined when none). */
export async function updateCommunication(db: Db, teamId: string, id: string, values: Partial<typeof communications.$inferInsert>): Promise<CommunicationRow | undefined> {
  const [row] = await db
    .update(communications)
    .set({ ...values, updatedAt: sql`date_trunc('milliseconds', now())` })
    .where(and(eq(communications.id, id), eq(communications.teamId, teamId)))
    .returning();
  return row;
}
