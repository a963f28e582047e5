/**
 * What a public link shows: the shared resource reduced to the fields the link lists, built
 * from the team's rows with an allow-list per resource type (SHAREABLE_FIELDS), never by
 * removing fields from a full object, so a column added later is private until listed there.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deals, properties } from '../db/schema.js';
import { ProblemError } from '../lib/problem.js';
import { dealRoomArtifacts, dealRooms } from './tables.js';
import type { ShareLinkRow } from './store.js';

export const SHARE_DISCLAIMER =
  'Shared for information only. Figures are provided by the sender, are not verified, and are not an offer, an appraisal or investment advice; verify independently before acting.';

const gone = (detail: string) => new ProblemError(410, { detail });

function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in source).map((f) => [f, source[f]]));
}

async function propertyView(db: Db, link: ShareLinkRow): Promise<Record<string, unknown>> {
  const [p] = await db.select().from(properties).where(and(eq(properties.id, link.resourceId), eq(properties.teamId, link.teamId))).limit(1);
  if (!p) throw gone('The shared property no longer exists.');
  const all: Record<string, unknown> = {
    address: p.address,
    city: p.city,
    state: p.state,
    zip: p.zip,
    price: p.price,
    bedrooms: p.bedrooms,
    bathrooms: p.bathrooms,
    sqft: p.sqft,
    property_type: p.propertyType,
    description: p.description,
    owner_name: p.ownerName,
    stage: p.stage,
  };
  return pick(all, link.fields);
}

async function dealRoomView(db: Db, link: ShareLinkRow): Promise<Record<string, unknown>> {
  const [room] = await db
    .select({ name: dealRooms.name, dealTitle: deals.title, dealValue: deals.value })
    .from(dealRooms)
    .innerJoin(deals, eq(deals.id, dealRooms.dealId))
    .where(and(eq(dealRooms.id, link.resourceId), eq(dealRooms.teamId, link.teamId)))
    .limit(1);
  if (!room) throw gone('The shared deal room no longer exists.');
  const all: Record<string, unknown> = { name: room.name, deal_title: room.dealTitle, deal_value: room.dealValue };
  if (link.fields.includes('artifacts')) {
    const rows = await db
      .select()
      .from(dealRoomArtifacts)
      .where(and(eq(dealRoomArtifacts.roomId, link.resourceId), eq(dealRoomArtifacts.teamId, link.teamId)))
      .orderBy(asc(dealRoomArtifacts.createdAt), asc(dealRoomArtifacts.id));
    all.artifacts = rows.map((a) => ({ id: a.id, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256, url: `/s/${link.code}/artifacts/${a.id}` }));
  }
  return pick(all, link.fields);
}

/** The shared fields of the link's resource; 410 when the resource was deleted since. */
export function sharedFields(db: Db, link: ShareLinkRow): Promise<Record<string, unknown>> {
  return link.resourceType === 'property' ? propertyView(db, link) : dealRoomView(db, link);
}
