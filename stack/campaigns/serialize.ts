/**
 * Rows to JSON for the campaigns domain (snake_case out). Shipped templates and a team's own
 * share one shape; `shipped` tells them apart.
 */
import type { z } from '@hono/zod-openapi';
import { isoOrNull } from '../lib/timestamps.js';
import type { Campaign, Recipient, Template } from './schema.js';
import type { ShippedTemplate } from './shipped-templates.js';
import type { campaignRecipients, campaigns, campaignTemplates } from './tables.js';

export type TemplateJson = z.infer<typeof Template>;

export function shippedTemplateJson(t: ShippedTemplate): TemplateJson {
  return { id: t.id, name: t.name, subject: t.subject, body_text: t.body_text, body_html: t.body_html ?? null, variables: [...t.variables], shipped: true, created_at: null, updated_at: null };
}

export function templateJson(row: typeof campaignTemplates.$inferSelect): TemplateJson {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    body_text: row.bodyText,
    body_html: row.bodyHtml,
    variables: row.variables,
    shipped: false,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function campaignJson(row: typeof campaigns.$inferSelect): z.infer<typeof Campaign> {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    template_id: row.templateId,
    property_id: row.propertyId,
    status: row.status,
    recipient_count: row.recipientCount,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    sent_at: isoOrNull(row.sentAt),
    completed_at: isoOrNull(row.completedAt),
  };
}

export function recipientJson(row: typeof campaignRecipients.$inferSelect): z.infer<typeof Recipient> {
  return { email: row.email, lead_id: row.leadId, status: row.status, attempts: row.attempts, last_error: row.lastError, sent_at: isoOrNull(row.sentAt) };
}
