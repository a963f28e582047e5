/**
 * Cadence rules: how often a team may contact one recipient, and when not at all. Rules are
 * keyed by name within the team, so `upsertCadenceRules` can apply a preset again and again
 * (onboarding, the seed) without duplicates. `cadenceViolations` is what the send gate asks.
 *
 * @example
 * await upsertCadenceRules(db, teamId, [
 *   { name: 'email weekly cap', channel: 'email', maxMessages: 3, windowDays: 7 },
 *   { name: 'no night texts', channel: 'sms', quietStartHour: 21, quietEndHour: 8 },
 * ]);
 */
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cadenceRuleProperties, cadenceRules, sendDecisions, type CadenceChannel, type DecisionReason, type SendChannel } from './tables.js';

export type CadenceRuleRow = typeof cadenceRules.$inferSelect;

export interface CadenceRuleInput {
  /** Unique within the team: the natural key an upsert matches on. */
  name: string;
  channel: CadenceChannel;
  /** With `windowDays`: at most this many sends per recipient in the window. */
  maxMessages?: number | null;
  windowDays?: number | null;
  /** Quiet hours in UTC, `start` inclusive to `end` exclusive; may wrap midnight (21 -> 8). */
  quietStartHour?: number | null;
  quietEndHour?: number | null;
  enabled?: boolean;
}

/** Throws a plain Error for a rule that limits nothing or is out of range (routes validate first). */
export function assertCadenceRule(rule: CadenceRuleInput): void {
  const cap = rule.maxMessages != null || rule.windowDays != null;
  const quiet = rule.quietStartHour != null || rule.quietEndHour != null;
  if (cap && (rule.maxMessages == null || rule.windowDays == null)) throw new Error(`Cadence rule "${rule.name}": max_messages and window_days go together.`);
  if (quiet && (rule.quietStartHour == null || rule.quietEndHour == null)) throw new Error(`Cadence rule "${rule.name}": quiet_start_hour and quiet_end_hour go together.`);
  if (!cap && !quiet) throw new Error(`Cadence rule "${rule.name}" limits nothing: give max_messages + window_days, quiet hours, or both.`);
}

/**
 * Creates or updates the team's rules by name (one statement per rule, in the caller's
 * transaction if `db` is one); returns the stored rows in input order. Rules not named are left alone.
 */
export async function upsertCadenceRules(db: Db, teamId: string, rules: CadenceRuleInput[], createdBy?: string): Promise<CadenceRuleRow[]> {
  const stored: CadenceRuleRow[] = [];
  for (const rule of rules) {
    assertCadenceRule(rule);
    const fields = {
      channel: rule.channel,
      maxMessages: rule.maxMessages ?? null,
      windowDays: rule.windowDays ?? null,
      quietStartHour: rule.quietStartHour ?? null,
      quietEndHour: rule.quietEndHour ?? null,
      enabled: rule.enabled ?? true,
    };
    const [row] = await db
      .insert(cadenceRules)
      .values({ id: crypto.randomUUID(), teamId, name: rule.name, createdBy: createdBy ?? null, ...fields })
      .onConflictDoUpdate({
        target: [cadenceRules.teamId, cadenceRules.name],
        set: { ...fields, version: sql`${cadenceRules.version} + 1`, updatedAt: sql`date_trunc('milliseconds', now())` },
      })
      .returning();
    stored.push(row);
  }
  return stored;
}

/** Whether `hour` (0-23) falls in [start, end), wrapping midnight when start > end. */
export function inQuietHours(hour: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

export interface CadenceQuery {
  teamId: string;
  channel: SendChannel;
  recipient: string;
  propertyId?: string | null;
  /** This send's key (a campaign recipient): its own earlier decisions, a pre-check or a retry, are not "earlier sends". */
  sendKey?: string;
  now?: Date;
}

/** The team's enabled rules that govern this send: team-wide ones, and those applied to its property. */
async function rulesFor(db: Db, query: CadenceQuery): Promise<CadenceRuleRow[]> {
  const rules = await db
    .select()
    .from(cadenceRules)
    .where(and(eq(cadenceRules.teamId, query.teamId), eq(cadenceRules.enabled, true), inArray(cadenceRules.channel, [query.channel, 'any'])));
  if (rules.length === 0) return [];
  const links = await db
    .select({ ruleId: cadenceRuleProperties.ruleId, propertyId: cadenceRuleProperties.propertyId })
    .from(cadenceRuleProperties)
    .where(and(eq(cadenceRuleProperties.teamId, query.teamId), inArray(cadenceRuleProperties.ruleId, rules.map((r) => r.id))));
  const scoped = new Map<string, Set<string>>();
  for (const link of links) (scoped.get(link.ruleId) ?? scoped.set(link.ruleId, new Set()).get(link.ruleId)!).add(link.propertyId);
  return rules.filter((rule) => {
    const properties = scoped.get(rule.id);
    return !properties || (query.propertyId != null && properties.has(query.propertyId));
  });
}

/**
 * Earlier sends to this recipient: the gate's own allowed, non-dry-run decisions (every send in
 * the platform passes the gate first, so they are the record). `any` counts every channel.
 */
async function sendsSince(db: Db, query: CadenceQuery, channel: CadenceChannel, since: Date): Promise<number> {
  const [{ n }] = await db
    // A retried send (a campaign recipient after a relay outage) carries the same send_key: counted once.
    .select({ n: sql<number>`count(distinct coalesce(${sendDecisions.context}->>'send_key', ${sendDecisions.id}))::int` })
    .from(sendDecisions)
    .where(
      and(
        eq(sendDecisions.teamId, query.teamId),
        eq(sendDecisions.recipient, query.recipient),
        eq(sendDecisions.allowed, true),
        eq(sendDecisions.dryRun, false),
        gte(sendDecisions.createdAt, since),
        channel === 'any' ? undefined : eq(sendDecisions.channel, channel),
        query.sendKey ? sql`coalesce(${sendDecisions.context}->>'send_key', '') <> ${query.sendKey}` : undefined,
      ),
    );
  return n;
}

/** One reason per enabled rule this send would break (empty: the cadence allows it). */
export async function cadenceViolations(db: Db, query: CadenceQuery): Promise<DecisionReason[]> {
  const now = query.now ?? new Date();
  const reasons: DecisionReason[] = [];
  for (const rule of await rulesFor(db, query)) {
    if (rule.quietStartHour != null && rule.quietEndHour != null && inQuietHours(now.getUTCHours(), rule.quietStartHour, rule.quietEndHour)) {
      reasons.push({ code: 'quiet_hours', detail: `Cadence rule "${rule.name}" forbids ${rule.channel === 'any' ? 'any contact' : rule.channel} between ${rule.quietStartHour}:00 and ${rule.quietEndHour}:00 UTC.` });
    }
    if (rule.maxMessages != null && rule.windowDays != null) {
      const since = new Date(now.getTime() - rule.windowDays * 86_400_000);
      const sent = await sendsSince(db, query, rule.channel, since);
      if (sent >= rule.maxMessages) {
        reasons.push({ code: 'cadence_limit', detail: `Cadence rule "${rule.name}" allows ${rule.maxMessages} ${rule.channel === 'any' ? 'message' : rule.channel}(s) per recipient in ${rule.windowDays} day(s); ${sent} already sent.` });
      }
    }
  }
  return reasons;
}

/** For tests and callers that want every rule's links at once. */
export async function ruleProperties(db: Db, teamId: string, ruleIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ruleIds.map((id) => [id, []]));
  if (ruleIds.length === 0) return out;
  const rows = await db
    .select()
    .from(cadenceRuleProperties)
    .where(and(eq(cadenceRuleProperties.teamId, teamId), inArray(cadenceRuleProperties.ruleId, ruleIds)));
  for (const row of rows) out.get(row.ruleId)?.push(row.propertyId);
  return out;
}
