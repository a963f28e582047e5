/**
 * Which team an inbound SMS or call belongs to, and which of its leads. One Twilio number can
 * serve several teams (MOCK_MODE ships one TWILIO_FROM for all), so the rule follows the
 * conversation, in this order:
 *
 * 1. the team that most recently sent an SMS or call to the caller's number from the receiving
 *    number (a reply goes to whoever wrote);
 * 2. otherwise the one team with a lead whose phone is the caller's number (when exactly one
 *    team has such a lead);
 * 3. otherwise nobody: the webhook is kept in `webhook_events` with no team, and answered 200
 *    so that Twilio does not retry it.
 *
 * Phones compare by their digits, a 10-digit national number also matching its `+1` form.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { communications } from '../communications/tables.js';
import { leads } from '../db/schema.js';

export interface InboundRoute {
  teamId: string;
  leadId: string | null;
}

const digits = (value: string) => value.replace(/\D/g, '');

/** SQL: the column's phone, digits only, matches `phone` (with or without a leading 1). */
function samePhone(column: PgColumn, phone: string) {
  const d = digits(phone);
  const national = d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
  return sql`regexp_replace(coalesce(${column}, ''), '[^0-9]', '', 'g') in (${d}, ${national}, ${'1' + national})`;
}

async function leadWithPhone(db: Db, teamId: string, phone: string): Promise<string | null> {
  const [lead] = await db
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.teamId, teamId), samePhone(leads.phone, phone)))
    .orderBy(desc(leads.createdAt))
    .limit(1);
  return lead?.id ?? null;
}

/** `theirs`: the outside party's number; `ours`: our Twilio number. */
export async function routeInbound(db: Db, numbers: { theirs: string; ours: string }): Promise<InboundRoute | undefined> {
  if (!digits(numbers.theirs)) return undefined;
  const [recent] = await db
    .select({ teamId: communications.teamId, leadId: communications.leadId })
    .from(communications)
    .where(and(eq(communications.direction, 'outbound'), samePhone(communications.toAddress, numbers.theirs), samePhone(communications.fromAddress, numbers.ours)))
    .orderBy(desc(communications.createdAt))
    .limit(1);
  if (recent) return { teamId: recent.teamId, leadId: recent.leadId ?? (await leadWithPhone(db, recent.teamId, numbers.theirs)) };
  const teams = await db
    .selectDistinct({ teamId: leads.teamId })
    .from(leads)
    .where(samePhone(leads.phone, numbers.theirs))
    .limit(2);
  if (teams.length !== 1) return undefined;
  return { teamId: teams[0].teamId, leadId: await leadWithPhone(db, teams[0].teamId, numbers.theirs) };
}
