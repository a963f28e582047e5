/**
 * The campaigns domain's request and response shapes (zod, registered in the OpenAPI document).
 * Requests are strict: an unknown field is a 422.
 */
import { z } from '@hono/zod-openapi';
import { EmailSchema } from '../auth/schema.js';
import { Timestamp } from '../lib/openapi.js';
import { PageQuery, pageSchema } from '../lib/pagination.js';
import { RefId, storedText } from '../lib/text.js';
import { RECIPIENT_STATUSES } from './tables.js';

const TemplateBodyText = z.string().min(1, 'must not be empty').max(100_000);
const VariableList = z.array(z.string().min(1).max(100)).max(50).openapi({
  description: 'Custom variables the template uses besides the known ones (lead.name, property.address, agent.name, team.name, unsubscribe_url ...)',
  example: ['open_house_date'],
});

export const TemplateCreate = z
  .object({
    name: storedText(200).openapi({ example: 'Spring open house' }),
    subject: storedText(300).openapi({ example: 'Open house at {{property.address}} on {{open_house_date}}' }),
    body_text: TemplateBodyText.openapi({ example: 'Hi {{lead.name}}, join us on {{open_house_date}}.' }),
    body_html: TemplateBodyText.nullish(),
    variables: VariableList.default([]),
  })
  .strict()
  .openapi('CampaignTemplateCreate');

export const TemplateUpdate = z
  .object({ name: storedText(200), subject: storedText(300), body_text: TemplateBodyText, body_html: TemplateBodyText.nullable(), variables: VariableList })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change' })
  .openapi('CampaignTemplateUpdate');

export const Template = z
  .object({
    id: z.string().openapi({ example: 'new_listing' }),
    name: z.string(),
    subject: z.string(),
    body_text: z.string(),
    body_html: z.string().nullable(),
    variables: z.array(z.string()),
    shipped: z.boolean().openapi({ description: 'A template every team sees; read-only' }),
    created_at: Timestamp.nullable(),
    updated_at: Timestamp.nullable(),
  })
  .openapi('CampaignTemplate');

export const TemplateList = z.object({ items: z.array(Template), total: z.number().int() }).openapi('CampaignTemplateList');

export const LeadFilter = z
  .object({
    status: storedText(50).optional(),
    source: storedText(100).optional(),
    property_id: RefId.optional(),
    assigned_to: RefId.optional(),
  })
  .strict()
  .openapi('CampaignLeadFilter', { description: 'Every lead of your team with an email that matches all the given fields' });

export const MAX_RECIPIENTS = 1000;

export const CampaignCreate = z
  .object({
    name: storedText(200).openapi({ example: 'New Listing Alert' }),
    subject: storedText(300).optional().openapi({ description: 'Overrides the template’s subject', example: 'New 3BR Home in SF' }),
    recipients: z
      .array(z.string().max(320))
      .min(1, 'List at least one address')
      .max(MAX_RECIPIENTS, `At most ${MAX_RECIPIENTS} addresses`)
      .optional()
      .openapi({ example: ['jane@example.com'] }),
    lead_filter: LeadFilter.optional(),
    template_id: RefId.openapi({ example: 'new_listing' }),
    property_id: RefId.optional(),
    draft: z.boolean().optional().openapi({ description: 'Save without sending; send later with POST /campaigns/{id}/send' }),
    variables: z.record(z.string().max(100), z.string().max(2000)).optional().openapi({ description: 'Values of the template’s custom variables' }),
  })
  .strict()
  .openapi('CampaignCreate');

export const RecipientStatusSchema = z.enum(RECIPIENT_STATUSES);

export const Recipient = z
  .object({
    email: z.string(),
    lead_id: z.string().nullable(),
    status: RecipientStatusSchema,
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    sent_at: Timestamp.nullable(),
  })
  .openapi('CampaignRecipient');

export const Campaign = z
  .object({
    id: z.string(),
    name: z.string(),
    subject: z.string(),
    template_id: z.string(),
    property_id: z.string().nullable(),
    status: z.enum(['draft', 'sending', 'completed']),
    recipient_count: z.number().int(),
    created_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
    sent_at: Timestamp.nullable(),
    completed_at: Timestamp.nullable(),
  })
  .openapi('Campaign');

export const CampaignDetail = Campaign.extend({ recipients: z.array(Recipient) }).openapi('CampaignDetail');

export const CampaignStats = z
  .object({
    campaign_id: z.string(),
    status: z.enum(['draft', 'sending', 'completed']),
    recipients: z.number().int(),
    sent: z.number().int().openapi({ description: 'Taken by the relay (delivered ones included)' }),
    delivered: z.number().int().openapi({ description: 'Reported delivered by the mail provider (SendGrid events)' }),
    failed: z.number().int().openapi({ description: 'Refused by the relay, or bounced / dropped as the provider reported' }),
    skipped_unsubscribed: z.number().int(),
    blocked: z.number().int().openapi({ description: 'Refused by the compliance send gate (do-not-call, opt-out, consent, cadence); never mailed' }),
    pending: z.number().int().openapi({ description: 'Queued or waiting for a retry' }),
    opens: z.number().int().openapi({ description: 'Open events reported by the mail provider' }),
    clicks: z.number().int().openapi({ description: 'Click events reported by the mail provider' }),
  })
  .openapi('CampaignStats');

export const CampaignListQuery = PageQuery.extend({ status: z.enum(['draft', 'sending', 'completed']).optional() });
export const CampaignPage = pageSchema(Campaign, 'CampaignPage');

export const UnsubscribeCreate = z
  .object({ email: EmailSchema })
  .strict()
  .openapi('UnsubscribeCreate');

export const Unsubscribe = z
  .object({ email: z.string(), source: z.string(), created_at: Timestamp })
  .openapi('Unsubscribe');

export const UnsubscribeList = z.object({ items: z.array(Unsubscribe), total: z.number().int() }).openapi('UnsubscribeList');

export const UnsubscribeEmailParams = z.object({
  email: z.string().min(1).max(320).openapi({ param: { name: 'email', in: 'path' }, example: 'jane@example.com' }),
});
