/**
 * The analytics, one query function per domain, each computed by the database from the team's
 * live rows (GROUP BY, count(*) FILTER (WHERE ...)), never cached. Every status a domain knows
 * is listed, empty ones with zero, so a dashboard's shape does not depend on the data.
 */
import { and, count, countDistinct, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { campaignRecipients, campaigns, type RecipientStatus } from '../campaigns/tables.js';
import { communications } from '../communications/tables.js';
import { deals, leads, properties } from '../db/schema.js';
import { pipelineSummary } from '../deals/pipeline.js';
import { LEAD_STATUSES } from '../leads/schema.js';
import { PROPERTY_STAGES } from '../properties/schema.js';

/** `{a: 0, b: 0, ...}` for every key, overlaid with the counted rows. */
function zeroFilled(keys: readonly string[], rows: { key: string | null; count: number }[]): Record<string, number> {
  // No prototype: a caller-chosen key such as a lead's source "constructor" or "__proto__" is a plain count.
  const out: Record<string, number> = Object.assign(Object.create(null), Object.fromEntries(keys.map((k) => [k, 0])));
  for (const row of rows) out[row.key ?? 'unknown'] = (out[row.key ?? 'unknown'] ?? 0) + Number(row.count);
  return out;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

export async function propertyStats(db: Db, teamId: string) {
  const rows = await db
    .select({ key: properties.stage, count: count(), value: sql<string>`coalesce(sum(${properties.price}), 0)` })
    .from(properties)
    .where(eq(properties.teamId, teamId))
    .groupBy(properties.stage);
  return {
    total: rows.reduce((sum, r) => sum + r.count, 0),
    by_status: zeroFilled(PROPERTY_STAGES, rows),
    total_list_value: Math.round(rows.reduce((sum, r) => sum + Number(r.value), 0) * 100) / 100,
  };
}

export async function leadStats(db: Db, teamId: string) {
  const [byStatus, bySource] = await Promise.all([
    db.select({ key: leads.status, count: count() }).from(leads).where(eq(leads.teamId, teamId)).groupBy(leads.status),
    db
      .select({ key: sql<string>`coalesce(nullif(${leads.source}, ''), 'unknown')`, count: count() })
      .from(leads)
      .where(eq(leads.teamId, teamId))
      .groupBy(sql`coalesce(nullif(${leads.source}, ''), 'unknown')`),
  ]);
  return {
    total: byStatus.reduce((sum, r) => sum + r.count, 0),
    by_status: zeroFilled(LEAD_STATUSES, byStatus),
    by_source: zeroFilled([], bySource),
  };
}

export async function dealStats(db: Db, teamId: string) {
  const pipeline = await pipelineSummary(db, teamId);
  const total = pipeline.stages.reduce((sum, s) => sum + s.count, 0);
  const won = pipeline.stages.find((s) => s.status === 'closed_won')?.count ?? 0;
  const lost = pipeline.stages.find((s) => s.status === 'closed_lost')?.count ?? 0;
  return { total, by_stage: pipeline.stages, open_value: pipeline.open_value, won_value: pipeline.won_value, win_rate: ratio(won, won + lost) };
}

/** Lead -> deal -> closed_won: how many leads got a deal, how many deals were won. */
export async function conversionStats(db: Db, teamId: string) {
  const [[leadRow], [dealRow]] = await Promise.all([
    db.select({ leads: count() }).from(leads).where(eq(leads.teamId, teamId)),
    db
      .select({
        deals: count(),
        leadsWithDeal: countDistinct(deals.leadId),
        won: sql<number>`count(*) filter (where ${deals.status} = 'closed_won')`.mapWith(Number),
        leadsWon: sql<number>`count(distinct ${deals.leadId}) filter (where ${deals.status} = 'closed_won')`.mapWith(Number),
      })
      .from(deals)
      .where(eq(deals.teamId, teamId)),
  ]);
  return {
    leads: leadRow.leads,
    leads_with_deal: dealRow.leadsWithDeal,
    deals: dealRow.deals,
    closed_won: dealRow.won,
    lead_to_deal_rate: ratio(dealRow.leadsWithDeal, leadRow.leads),
    deal_to_won_rate: ratio(dealRow.won, dealRow.deals),
    lead_to_won_rate: ratio(dealRow.leadsWon, leadRow.leads),
  };
}

export async function communicationStats(db: Db, teamId: string) {
  const c = communications;
  const rows = await db
    .select({
      channel: c.channel,
      status: c.status,
      total: count(),
      outbound: sql<number>`count(*) filter (where ${c.direction} = 'outbound')`.mapWith(Number),
      inbound: sql<number>`count(*) filter (where ${c.direction} = 'inbound')`.mapWith(Number),
    })
    .from(c)
    .where(eq(c.teamId, teamId))
    .groupBy(c.channel, c.status);
  const byChannel = Object.fromEntries(
    (['email', 'sms', 'call'] as const).map((channel) => {
      const mine = rows.filter((r) => r.channel === channel);
      return [
        channel,
        {
          total: mine.reduce((sum, r) => sum + r.total, 0),
          outbound: mine.reduce((sum, r) => sum + r.outbound, 0),
          inbound: mine.reduce((sum, r) => sum + r.inbound, 0),
          by_status: zeroFilled([], mine.map((r) => ({ key: r.status, count: r.total }))),
        },
      ];
    }),
  );
  const [leadsReached] = await db.select({ n: countDistinct(c.leadId) }).from(c).where(and(eq(c.teamId, teamId), isNotNull(c.leadId)));
  return { total: rows.reduce((sum, r) => sum + r.total, 0), by_channel: byChannel, leads_contacted: leadsReached.n };
}

const CAMPAIGN_STATUSES = ['draft', 'sending', 'completed'] as const;

/** Campaigns per status, their recipients' delivery (sent counts delivered ones too), opens and clicks. */
export async function campaignStats(db: Db, teamId: string) {
  const r = campaignRecipients;
  const of = (statuses: RecipientStatus[]) => sql<number>`count(*) filter (where ${inArray(r.status, statuses)})`.mapWith(Number);
  const [byStatus, [totals], [recipients]] = await Promise.all([
    db.select({ key: campaigns.status, count: count() }).from(campaigns).where(eq(campaigns.teamId, teamId)).groupBy(campaigns.status),
    db
      .select({ opens: sql<number>`coalesce(sum(${campaigns.opens}), 0)`.mapWith(Number), clicks: sql<number>`coalesce(sum(${campaigns.clicks}), 0)`.mapWith(Number) })
      .from(campaigns)
      .where(eq(campaigns.teamId, teamId)),
    db
      .select({
        total: count(),
        sent: of(['sent', 'delivered']),
        delivered: of(['delivered']),
        failed: of(['failed']),
        skipped: of(['skipped_unsubscribed']),
        pending: of(['queued', 'retrying']),
      })
      .from(r)
      .where(eq(r.teamId, teamId)),
  ]);
  return {
    total: byStatus.reduce((sum, row) => sum + row.count, 0),
    by_status: zeroFilled(CAMPAIGN_STATUSES, byStatus),
    recipients: {
      total: recipients.total,
      sent: recipients.sent,
      delivered: recipients.delivered,
      failed: recipients.failed,
      skipped_unsubscribed: recipients.skipped,
      pending: recipients.pending,
    },
    opens: totals.opens,
    clicks: totals.clicks,
  };
}

/** The dashboard's sections. Adding one is one query function above and one line here. */
export const DASHBOARD_SECTIONS = {
  properties: propertyStats,
  leads: leadStats,
  deals: dealStats,
  conversion: conversionStats,
  communications: communicationStats,
  campaigns: campaignStats,
} as const;

export async function dashboard(db: Db, teamId: string) {
  const names = Object.keys(DASHBOARD_SECTIONS) as (keyof typeof DASHBOARD_SECTIONS)[];
  const values = await Promise.all(names.map((name) => DASHBOARD_SECTIONS[name](db, teamId)));
  const sections = Object.fromEntries(names.map((name, i) => [name, values[i]])) as { [K in keyof typeof DASHBOARD_SECTIONS]: Awaited<ReturnType<(typeof DASHBOARD_SECTIONS)[K]>> };
  return { generated_at: new Date().toISOString(), ...sections };
}
