/**
 * One campaign mail for one recipient: the values of every known variable (recipient, lead,
 * property, agent, team, unsubscribe link), the rendered subject and bodies, and the headers
 * that make unsubscribing one click (RFC 2369 List-Unsubscribe, RFC 8058 one-click POST).
 */
import type { OutgoingMail } from '../mail/mailer.js';
import { campaignMailMetadata } from './provider-events.js';
import { renderTemplate } from './render.js';
import type { campaigns } from './tables.js';

export interface PropertyFacts {
  address: string;
  city: string;
  state: string;
  zip: string;
  price: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
}

export interface MessageContext {
  campaign: typeof campaigns.$inferSelect;
  property?: PropertyFacts;
  agent: { name: string; email: string };
  teamName: string;
}

export interface RecipientFacts {
  id: string;
  email: string;
  leadName?: string | null;
  unsubscribeUrl: string;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

function listingDetails(p: PropertyFacts | undefined): string {
  if (!p) return 'Ask us for the address, the photos and the price.';
  const rooms = [p.bedrooms != null ? `${p.bedrooms} bd` : '', p.bathrooms != null ? `${p.bathrooms} ba` : ''].filter(Boolean).join(' / ');
  return [`${p.address}, ${p.city}, ${p.state} ${p.zip}`, p.price != null ? money.format(p.price) : '', rooms].filter(Boolean).join(' · ');
}

export function variableValues(ctx: MessageContext, recipient: RecipientFacts): Record<string, string> {
  const p = ctx.property;
  return {
    ...ctx.campaign.variables,
    'lead.name': recipient.leadName || 'there',
    'lead.email': recipient.email,
    'recipient.email': recipient.email,
    'property.address': p?.address ?? '',
    'property.city': p?.city ?? '',
    'property.state': p?.state ?? '',
    'property.zip': p?.zip ?? '',
    'property.price': p?.price != null ? money.format(p.price) : '',
    'property.bedrooms': p?.bedrooms != null ? String(p.bedrooms) : '',
    'property.bathrooms': p?.bathrooms != null ? String(p.bathrooms) : '',
    'listing.details': listingDetails(p),
    'agent.name': ctx.agent.name,
    'agent.email': ctx.agent.email,
    'team.name': ctx.teamName,
    'campaign.name': ctx.campaign.name,
    unsubscribe_url: recipient.unsubscribeUrl,
  };
}

/** The mail for one recipient; a body whose template forgot the unsubscribe link gets it appended. */
export function campaignMessage(ctx: MessageContext, recipient: RecipientFacts): OutgoingMail {
  const values = variableValues(ctx, recipient);
  const url = recipient.unsubscribeUrl;
  let text = renderTemplate(ctx.campaign.bodyText, values);
  if (!text.includes(url)) text += `\n\n--\nTo stop receiving these emails: ${url}\n`;
  let html = ctx.campaign.bodyHtml ? renderTemplate(ctx.campaign.bodyHtml, values, { html: true }) : undefined;
  if (html !== undefined && !html.includes(url.replaceAll('&', '&amp;'))) html += `<p><a href="${url}">Unsubscribe</a></p>`;
  return {
    to: recipient.email,
    // A header cannot hold a line break; a value with one would be refused by the transport.
    subject: renderTemplate(ctx.campaign.subject, values).replace(/[\r\n]+/g, ' '),
    text,
    ...(html !== undefined ? { html } : {}),
    headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    metadata: campaignMailMetadata({ teamId: ctx.campaign.teamId, campaignId: ctx.campaign.id, recipientId: recipient.id }),
  };
}
