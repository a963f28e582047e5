/**
 * Who a new campaign mails: an explicit list of addresses (each validated, duplicates dropped
 * regardless of case) or the team's leads matching a filter. Addresses that belong to a lead of
 * the team are linked to it, so the mail can greet the lead by name.
 */
import { and, eq, inArray, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import { EmailSchema } from '../auth/schema.js';
import type { Db } from '../db/client.js';
import { leads } from '../db/schema.js';
import type { FieldError } from '../lib/problem.js';
import { invalidRequest } from '../lib/validation.js';
import { MAX_RECIPIENTS, type CampaignCreate, type LeadFilter } from './schema.js';
import { normalizeEmail } from './suppressions.js';

export interface ResolvedRecipient {
  email: string;
  leadId: string | null;
}

function explicitAddresses(addresses: string[]): string[] {
  const faults: FieldError[] = [];
  const seen = new Set<string>();
  addresses.forEach((address, i) => {
    if (!EmailSchema.safeParse(address.trim()).success) faults.push({ detail: `"${address}" is not an email address.`, pointer: `/recipients/${i}` });
    else seen.add(normalizeEmail(address));
  });
  if (faults.length > 0) throw invalidRequest('Some recipients are not valid email addresses.', faults);
  return [...seen];
}

async function leadsByEmail(db: Db, teamId: string, emails: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: leads.id, email: sql<string>`lower(${leads.email})` })
    .from(leads)
    .where(and(eq(leads.teamId, teamId), inArray(sql`lower(${leads.email})`, emails)))
    .orderBy(leads.createdAt);
  const map = new Map<string, string>();
  for (const row of rows) if (!map.has(row.email)) map.set(row.email, row.id);
  return map;
}

async function filteredLeads(db: Db, teamId: string, filter: z.infer<typeof LeadFilter>): Promise<ResolvedRecipient[]> {
  const conditions: (SQL | undefined)[] = [
    eq(leads.teamId, teamId),
    isNotNull(leads.email),
    ne(leads.email, ''),
    filter.status === undefined ? undefined : eq(leads.status, filter.status),
    filter.source === undefined ? undefined : eq(leads.source, filter.source),
    filter.property_id === undefined ? undefined : eq(leads.propertyId, filter.property_id),
    filter.assigned_to === undefined ? undefined : eq(leads.assignedTo, filter.assigned_to),
  ];
  const rows = await db
    .select({ id: leads.id, email: leads.email })
    .from(leads)
    .where(and(...conditions))
    .orderBy(leads.createdAt, leads.id)
    .limit(MAX_RECIPIENTS + 1);
  if (rows.length > MAX_RECIPIENTS) {
    throw invalidRequest(`The filter matches more than ${MAX_RECIPIENTS} leads.`, [{ detail: 'Narrow the filter or split the campaign', pointer: '/lead_filter' }]);
  }
  const byEmail = new Map<string, ResolvedRecipient>();
  for (const row of rows) {
    const email = normalizeEmail(row.email!);
    if (EmailSchema.safeParse(email).success && !byEmail.has(email)) byEmail.set(email, { email, leadId: row.id });
  }
  return [...byEmail.values()];
}

/** The campaign's recipients; a 422 when the body names none, both kinds, or a malformed address. */
export async function resolveRecipients(db: Db, teamId: string, body: z.infer<typeof CampaignCreate>): Promise<ResolvedRecipient[]> {
  if ((body.recipients === undefined) === (body.lead_filter === undefined)) {
    throw invalidRequest('Say who receives the campaign: either "recipients" or "lead_filter".', [{ detail: 'Send exactly one of recipients and lead_filter', pointer: '/recipients' }]);
  }
  if (body.lead_filter) {
    const found = await filteredLeads(db, teamId, body.lead_filter);
    if (found.length === 0) throw invalidRequest('No lead of your team with an email address matches the filter.', [{ detail: 'No matching lead with an email', pointer: '/lead_filter' }]);
    return found;
  }
  const emails = explicitAddresses(body.recipients!);
  const leadIds = await leadsByEmail(db, teamId, emails);
  return emails.map((email) => ({ email, leadId: leadIds.get(email) ?? null }));
}
