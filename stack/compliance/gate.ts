/**
 * The send gate: the one place that decides whether the platform may email, text or call a
 * recipient, and the record of every such decision (`send_decisions`). Campaign delivery, the
 * communications email and SMS routes, the password-reset mail and quick wins all ask it first.
 *
 * Marketing sends are refused for: a campaign unsubscribe or an email opt-out (email), the
 * do-not-call list or a phone opt-out (sms, call), an opt-out of the property's owner (the
 * property named, the lead's property, or any lead at that address linked to an opted-out
 * property), the latest consent record of the channel's type being a withdrawal, and enabled
 * cadence rules. Transactional sends (password reset) pass every list, and are still recorded.
 *
 * @example
 * const decision = await checkSend(db, { teamId, channel: 'email', to: 'jane@example.com', purpose: 'marketing', context: { source: 'campaign', campaign_id } });
 * if (!decision.allowed) skip(decision.reasons);
 */
import { and, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { leads } from '../db/schema.js';
import { unsubscribes } from '../campaigns/tables.js';
import { cadenceViolations } from './cadence.js';
import { normalizeEmailAddress, normalizePhone } from './phone.js';
import { consentRecords, dncNumbers, optOuts, sendDecisions, type ConsentType, type DecisionReason, type SendChannel } from './tables.js';

export type SendPurpose = 'marketing' | 'transactional';

export interface SendRequest {
  teamId: string;
  channel: SendChannel;
  /** An email address (email) or a phone number (sms, call), in any usual spelling. */
  to: string;
  leadId?: string | null;
  propertyId?: string | null;
  purpose: SendPurpose;
  /** The user who asked; null for the system (a job). */
  actorId?: string | null;
  /** Recorded with the decision: `{source: 'campaign', campaign_id, send_key}` and the like. */
  context?: Record<string, unknown>;
  /** A check only (POST /compliance/validate-send): recorded, never counted as a send. */
  dryRun?: boolean;
  now?: Date;
}

export interface SendDecision {
  id: string;
  allowed: boolean;
  reasons: DecisionReason[];
  /** The recipient as compared and stored. */
  recipient: string;
  channel: SendChannel;
  purpose: SendPurpose;
  createdAt: Date;
}

export const CONSENT_TYPE_OF: Record<SendChannel, ConsentType> = { email: 'email_marketing', sms: 'sms_marketing', call: 'calls' };

/** The recipient as the lists store it, or undefined when it cannot be one on that channel. */
export function normalizeRecipient(channel: SendChannel, to: string): string | undefined {
  if (channel === 'email') return /^[^\s@]+@[^\s@]+$/.test(to.trim()) ? normalizeEmailAddress(to) : undefined;
  return normalizePhone(to);
}

async function listReasons(db: Db, req: SendRequest, recipient: string): Promise<DecisionReason[]> {
  const { teamId } = req;
  const reasons: DecisionReason[] = [];
  if (req.channel === 'email') {
    const [unsub] = await db.select({ source: unsubscribes.source }).from(unsubscribes).where(and(eq(unsubscribes.teamId, teamId), eq(unsubscribes.email, recipient)));
    if (unsub) reasons.push({ code: 'unsubscribed', detail: `${recipient} unsubscribed from the team’s campaigns (${unsub.source}).` });
  } else {
    const [dnc] = await db.select({ id: dncNumbers.id }).from(dncNumbers).where(and(eq(dncNumbers.teamId, teamId), eq(dncNumbers.phone, recipient)));
    if (dnc) reasons.push({ code: 'do_not_call', detail: `${recipient} is on the team’s do-not-call list.` });
  }
  const kind = req.channel === 'email' ? 'email' : 'phone';
  const [optOut] = await db.select({ id: optOuts.id }).from(optOuts).where(and(eq(optOuts.teamId, teamId), eq(optOuts.kind, kind), eq(optOuts.value, recipient)));
  if (optOut) reasons.push({ code: 'opted_out', detail: `${recipient} opted out of contact.` });
  const ownerProperty = await optedOutProperty(db, req, recipient);
  if (ownerProperty) reasons.push({ code: 'property_owner_opted_out', detail: `The owner of property ${ownerProperty} opted out: its linked leads must not be contacted.` });
  return reasons;
}

/** The opted-out property this send touches: the one named, the lead's, or one a lead at this address is linked to. */
async function optedOutProperty(db: Db, req: SendRequest, recipient: string): Promise<string | undefined> {
  const blocked = await db.select({ id: optOuts.value }).from(optOuts).where(and(eq(optOuts.teamId, req.teamId), eq(optOuts.kind, 'property')));
  if (blocked.length === 0) return undefined;
  const ids = new Set(blocked.map((b) => b.id));
  if (req.propertyId && ids.has(req.propertyId)) return req.propertyId;
  const digits = recipient.replace(/\D/g, '');
  const sameAddress =
    req.channel === 'email'
      ? sql`lower(${leads.email}) = ${recipient}`
      : sql`regexp_replace(${leads.phone}, '[^0-9]', '', 'g') in (${digits}, ${digits.replace(/^1(\d{10})$/, '$1')})`;
  const linked = await db
    .select({ propertyId: leads.propertyId })
    .from(leads)
    .where(and(eq(leads.teamId, req.teamId), isNotNull(leads.propertyId), inArray(leads.propertyId, [...ids]), req.leadId ? or(eq(leads.id, req.leadId), sameAddress) : sameAddress))
    .limit(1);
  return linked[0]?.propertyId ?? undefined;
}

/** The newest consent record for this recipient or lead on the channel's type: a withdrawal blocks. */
async function consentReason(db: Db, req: SendRequest, recipient: string): Promise<DecisionReason | undefined> {
  const type = CONSENT_TYPE_OF[req.channel];
  const subject = req.leadId ? or(eq(consentRecords.address, recipient), eq(consentRecords.leadId, req.leadId)) : eq(consentRecords.address, recipient);
  const [latest] = await db
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.teamId, req.teamId), eq(consentRecords.consentType, type), subject))
    .orderBy(desc(consentRecords.createdAt), desc(consentRecords.id))
    .limit(1);
  if (!latest || latest.granted) return undefined;
  return { code: 'consent_withdrawn', detail: `${type} consent was withdrawn on ${latest.createdAt.toISOString()} (${latest.source}).` };
}

/** Decides, records the decision, and returns it. `db` may be a transaction. */
export async function checkSend(db: Db, req: SendRequest): Promise<SendDecision> {
  const recipient = normalizeRecipient(req.channel, req.to);
  const reasons: DecisionReason[] = [];
  if (!recipient) {
    reasons.push({ code: 'invalid_recipient', detail: `${JSON.stringify(req.to)} is not ${req.channel === 'email' ? 'an email address' : 'a phone number'}.` });
  } else if (req.purpose === 'marketing') {
    reasons.push(...(await listReasons(db, req, recipient)));
    const consent = await consentReason(db, req, recipient);
    if (consent) reasons.push(consent);
    const sendKey = typeof req.context?.send_key === 'string' ? req.context.send_key : undefined;
    reasons.push(...(await cadenceViolations(db, { teamId: req.teamId, channel: req.channel, recipient, propertyId: req.propertyId, sendKey, now: req.now })));
  }
  const stored = recipient ?? req.to.trim().slice(0, 320);
  const [row] = await db
    .insert(sendDecisions)
    .values({
      id: crypto.randomUUID(),
      teamId: req.teamId,
      actorId: req.actorId ?? null,
      channel: req.channel,
      recipient: stored,
      leadId: req.leadId ?? null,
      propertyId: req.propertyId ?? null,
      purpose: req.purpose,
      allowed: reasons.length === 0,
      reasons,
      context: req.context ?? {},
      dryRun: req.dryRun ?? false,
    })
    .returning();
  return { id: row.id, allowed: row.allowed, reasons, recipient: stored, channel: req.channel, purpose: req.purpose, createdAt: row.createdAt };
}

/** One line naming every reason, for a problem detail or a recipient's last_error. */
export function describeReasons(reasons: DecisionReason[]): string {
  return reasons.map((r) => `${r.code}: ${r.detail}`).join(' ');
}
