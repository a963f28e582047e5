/**
 * What a mail provider's events (the SendGrid Event Webhook) mean for a campaign. A campaign
 * mail carries `reos_team_id`, `reos_campaign_id` and `reos_recipient_id` (SendGrid custom_args
 * over HTTP, X-SMTPAPI unique_args over SMTP), which SendGrid hands back at the top level of
 * each event; a mail sent over SendGrid's HTTP API is also found by its X-Message-Id.
 *
 * - `delivered`: the recipient goes from `sent` to `delivered`;
 * - `bounce` / `dropped`: the recipient is `failed`, with the provider's reason;
 * - `open` / `click`: the campaign's opens / clicks counters go up (and an opened mail was delivered).
 *
 * Statuses only move forward, so events applied out of order end in the same place. The caller
 * (the webhook) claims each event once by its `sg_event_id`, in the same transaction.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { isStorableText } from '../lib/text.js';
import { campaignRecipients, campaigns } from './tables.js';

/** The ids a campaign mail carries for the provider to echo back (see message.ts). */
export function campaignMailMetadata(ids: { teamId: string; campaignId: string; recipientId: string }): Record<string, string> {
  return { reos_team_id: ids.teamId, reos_campaign_id: ids.campaignId, reos_recipient_id: ids.recipientId };
}

export interface CampaignMailRef {
  recipientId: string;
  campaignId: string;
  teamId: string;
}

export interface ProviderEventIds {
  reos_team_id?: string;
  reos_campaign_id?: string;
  reos_recipient_id?: string;
  /** SendGrid's X-Message-Id (before the `.filter...` suffix). */
  providerMessageId?: string;
}

/** The campaign recipient an event is about, or undefined (not a campaign mail, or ids that do not match one row). */
export async function findCampaignMail(db: Db, ids: ProviderEventIds): Promise<CampaignMailRef | undefined> {
  const columns = { recipientId: campaignRecipients.id, campaignId: campaignRecipients.campaignId, teamId: campaignRecipients.teamId };
  const { reos_team_id: teamId, reos_campaign_id: campaignId, reos_recipient_id: recipientId } = ids;
  if (teamId && campaignId && recipientId && [teamId, campaignId, recipientId].every(isStorableText)) {
    const [row] = await db
      .select(columns)
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.id, recipientId), eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.teamId, teamId)))
      .limit(1);
    return row;
  }
  if (!ids.providerMessageId || !isStorableText(ids.providerMessageId)) return undefined;
  const [row] = await db.select(columns).from(campaignRecipients).where(eq(campaignRecipients.messageId, ids.providerMessageId)).limit(1);
  return row;
}

/** Applies one provider event to the recipient and its campaign; returns whether anything changed. `db` may be a transaction. */
export async function applyCampaignMailEvent(db: Db, ref: CampaignMailRef, event: { event: string; reason?: string }): Promise<boolean> {
  const recipient = and(eq(campaignRecipients.id, ref.recipientId), eq(campaignRecipients.teamId, ref.teamId));
  const markDelivered = () =>
    db.update(campaignRecipients).set({ status: 'delivered', updatedAt: sql`now()` }).where(and(recipient, eq(campaignRecipients.status, 'sent'))).returning({ id: campaignRecipients.id });
  switch (event.event) {
    case 'delivered':
      return (await markDelivered()).length > 0;
    case 'bounce':
    case 'dropped': {
      const lastError = event.reason ?? `The provider reported ${event.event}`;
      const rows = await db
        .update(campaignRecipients)
        .set({ status: 'failed', lastError, updatedAt: sql`now()` })
        .where(and(recipient, inArray(campaignRecipients.status, ['sent', 'delivered'])))
        .returning({ id: campaignRecipients.id });
      return rows.length > 0;
    }
    case 'open':
    case 'click': {
      await markDelivered();
      const counter = event.event === 'open' ? { opens: sql`${campaigns.opens} + 1` } : { clicks: sql`${campaigns.clicks} + 1` };
      const rows = await db
        .update(campaigns)
        .set(counter)
        .where(and(eq(campaigns.id, ref.campaignId), eq(campaigns.teamId, ref.teamId)))
        .returning({ id: campaigns.id });
      return rows.length > 0;
    }
    default:
      return false;
  }
}
