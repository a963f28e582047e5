/**
 * A campaign's delivery counters, computed from its recipient rows (never cached), plus the
 * open and click counters the provider webhooks increment.
 */
import { eq, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../db/client.js';
import type { CampaignStats } from './schema.js';
import { campaignRecipients, type campaigns } from './tables.js';

export async function campaignStats(db: Db, campaign: typeof campaigns.$inferSelect): Promise<z.infer<typeof CampaignStats>> {
  const rows = await db
    .select({ status: campaignRecipients.status, n: sql<number>`count(*)::int` })
    .from(campaignRecipients)
    .where(eq(campaignRecipients.campaignId, campaign.id))
    .groupBy(campaignRecipients.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  const of = (status: string) => by[status] ?? 0;
  return {
    campaign_id: campaign.id,
    status: campaign.status,
    recipients: rows.reduce((sum, r) => sum + r.n, 0),
    sent: of('sent') + of('delivered'),
    delivered: of('delivered'),
    failed: of('failed'),
    skipped_unsubscribed: of('skipped_unsubscribed'),
    blocked: of('blocked'),
    pending: of('queued') + of('retrying'),
    opens: campaign.opens,
    clicks: campaign.clicks,
  };
}
