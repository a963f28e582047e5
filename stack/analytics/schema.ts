/** The analytics responses (zod, registered in the OpenAPI document). */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { DealStatusSchema } from '../deals/schema.js';

const Counts = z.record(z.string(), z.number().int()).openapi({ example: { new: 3, contacted: 1 } });
const Rate = z.number().min(0).max(1).openapi({ description: 'A fraction between 0 and 1 (4 decimals)', example: 0.25 });

export const PropertyStats = z
  .object({ total: z.number().int(), by_status: Counts.openapi({ description: 'Properties per pipeline stage' }), total_list_value: z.number() })
  .openapi('PropertyStats');

export const LeadStats = z
  .object({ total: z.number().int(), by_status: Counts, by_source: Counts.openapi({ description: 'Leads per source (`unknown` when none)' }) })
  .openapi('LeadStats');

export const DealStats = z
  .object({
    total: z.number().int(),
    by_stage: z.array(z.object({ status: DealStatusSchema, count: z.number().int(), total_value: z.number() })),
    open_value: z.number().openapi({ description: 'Pipeline value of deals not yet closed' }),
    won_value: z.number(),
    win_rate: Rate.openapi({ description: 'closed_won / (closed_won + closed_lost)' }),
  })
  .openapi('DealStats');

export const ConversionStats = z
  .object({
    leads: z.number().int(),
    leads_with_deal: z.number().int(),
    deals: z.number().int(),
    closed_won: z.number().int(),
    lead_to_deal_rate: Rate,
    deal_to_won_rate: Rate,
    lead_to_won_rate: Rate,
  })
  .openapi('ConversionStats');

const ChannelStats = z.object({ total: z.number().int(), outbound: z.number().int(), inbound: z.number().int(), by_status: Counts });
export const CommunicationStats = z
  .object({
    total: z.number().int(),
    by_channel: z.object({ email: ChannelStats, sms: ChannelStats, call: ChannelStats }),
    leads_contacted: z.number().int().openapi({ description: 'Distinct leads with at least one communication' }),
  })
  .openapi('CommunicationStats');

export const CampaignStats = z
  .object({
    total: z.number().int(),
    by_status: Counts.openapi({ description: 'Campaigns per status (draft, sending, completed)', example: { draft: 1, sending: 0, completed: 3 } }),
    recipients: z
      .object({
        total: z.number().int(),
        sent: z.number().int().openapi({ description: 'Taken by the relay (delivered ones included)' }),
        delivered: z.number().int().openapi({ description: 'Reported delivered by the mail provider' }),
        failed: z.number().int().openapi({ description: 'Refused, bounced or dropped' }),
        skipped_unsubscribed: z.number().int(),
        pending: z.number().int().openapi({ description: 'Queued or waiting for a retry' }),
      })
      .openapi({ description: 'Every recipient of every campaign of the team, by delivery status' }),
    opens: z.number().int().openapi({ description: 'Open events reported by the mail provider, all campaigns' }),
    clicks: z.number().int().openapi({ description: 'Click events reported by the mail provider, all campaigns' }),
  })
  .openapi('AnalyticsCampaignStats');

export const Dashboard = z
  .object({
    generated_at: Timestamp,
    properties: PropertyStats,
    leads: LeadStats,
    deals: DealStats,
    conversion: ConversionStats,
    communications: CommunicationStats,
    campaigns: CampaignStats,
  })
  .openapi('AnalyticsDashboard');
