/**
 * Reads what the next-best-action rules look at for one property: its images, linked leads (and
 * how often each was contacted), deals (and since when they sit in their status), and the newest
 * thing that happened to it. A handful of grouped queries, one property at a time.
 */
import { and, count, eq, inArray, max } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { communications } from '../communications/tables.js';
import { dealEvents, deals, leadActivities, leads, propertyEvents } from '../db/schema.js';
import { propertyImages } from '../property-images/tables.js';
import { CLOSED_DEAL_STATUSES, type DealStatus } from '../deals/transitions.js';
import type { PropertyRow } from '../properties/serialize.js';
import type { PropertySnapshot } from './nba-rules.js';

async function contactsByLead(db: Db, teamId: string, leadIds: string[]): Promise<Map<string, number>> {
  const contacts = new Map<string, number>();
  if (leadIds.length === 0) return contacts;
  const activities = await db.select({ id: leadActivities.leadId, n: count() }).from(leadActivities).where(and(eq(leadActivities.teamId, teamId), inArray(leadActivities.leadId, leadIds))).groupBy(leadActivities.leadId);
  const messages = await db.select({ id: communications.leadId, n: count() }).from(communications).where(and(eq(communications.teamId, teamId), eq(communications.direction, 'outbound'), inArray(communications.leadId, leadIds))).groupBy(communications.leadId);
  for (const row of [...activities, ...messages]) if (row.id) contacts.set(row.id, (contacts.get(row.id) ?? 0) + row.n);
  return contacts;
}

async function statusSince(db: Db, dealIds: string[]): Promise<Map<string, Date>> {
  if (dealIds.length === 0) return new Map();
  const rows = await db.select({ id: dealEvents.dealId, at: max(dealEvents.createdAt) }).from(dealEvents).where(inArray(dealEvents.dealId, dealIds)).groupBy(dealEvents.dealId);
  return new Map(rows.flatMap((r) => (r.at ? [[r.id, r.at] as const] : [])));
}

async function lastActivity(db: Db, property: PropertyRow, leadIds: string[]): Promise<Date> {
  const [events] = await db.select({ at: max(propertyEvents.createdAt) }).from(propertyEvents).where(and(eq(propertyEvents.teamId, property.teamId), eq(propertyEvents.propertyId, property.id)));
  const [messages] = await db.select({ at: max(communications.createdAt) }).from(communications).where(and(eq(communications.teamId, property.teamId), eq(communications.propertyId, property.id)));
  const [activities] = leadIds.length
    ? await db.select({ at: max(leadActivities.createdAt) }).from(leadActivities).where(and(eq(leadActivities.teamId, property.teamId), inArray(leadActivities.leadId, leadIds)))
    : [{ at: null }];
  const dates = [property.updatedAt, events?.at, messages?.at, activities?.at].filter((d): d is Date => d instanceof Date);
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}

export async function loadSnapshot(db: Db, property: PropertyRow): Promise<PropertySnapshot> {
  const teamId = property.teamId;
  const [images] = await db.select({ n: count() }).from(propertyImages).where(and(eq(propertyImages.teamId, teamId), eq(propertyImages.propertyId, property.id)));
  const leadRows = await db.select().from(leads).where(and(eq(leads.teamId, teamId), eq(leads.propertyId, property.id)));
  const dealRows = await db.select().from(deals).where(and(eq(deals.teamId, teamId), eq(deals.propertyId, property.id)));
  const leadIds = leadRows.map((l) => l.id);
  const contacts = await contactsByLead(db, teamId, leadIds);
  const since = await statusSince(db, dealRows.map((d) => d.id));
  const lastActivityAt = await lastActivity(db, property, leadIds);
  return {
    id: property.id,
    address: property.address,
    stage: property.stage,
    price: property.price,
    images: images?.n ?? 0,
    createdAt: property.createdAt,
    lastActivityAt,
    leads: leadRows.map((l) => ({ id: l.id, name: l.name, status: l.status, createdAt: l.createdAt, contacts: contacts.get(l.id) ?? 0 })),
    deals: dealRows.map((d) => ({ id: d.id, title: d.title, status: d.status, open: !CLOSED_DEAL_STATUSES.includes(d.status as DealStatus), statusSince: since.get(d.id) ?? d.createdAt })),
  };
}
