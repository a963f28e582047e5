/**
 * A smart list's saved filters as one SQL condition over `properties`, evaluated at read time so
 * the list always shows the team's properties as they are now.
 */
import { and, eq, exists, gte, inArray, isNotNull, isNull, lte, not, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { leads, properties } from '../db/schema.js';
import type { SmartListFilters } from './schema.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function smartListCondition(db: Db, teamId: string, f: SmartListFilters, now = new Date()): SQL {
  const linkedLead = exists(db.select({ one: sql`1` }).from(leads).where(and(eq(leads.teamId, teamId), eq(leads.propertyId, properties.id))));
  return and(
    eq(properties.teamId, teamId),
    f.stages && inArray(properties.stage, f.stages),
    f.city === undefined ? undefined : sql`lower(${properties.city}) = lower(${f.city})`,
    f.state === undefined ? undefined : eq(properties.state, f.state),
    f.property_type === undefined ? undefined : eq(properties.propertyType, f.property_type),
    f.min_price === undefined ? undefined : gte(properties.price, f.min_price),
    f.max_price === undefined ? undefined : lte(properties.price, f.max_price),
    f.min_bedrooms === undefined ? undefined : gte(properties.bedrooms, f.min_bedrooms),
    f.max_bedrooms === undefined ? undefined : lte(properties.bedrooms, f.max_bedrooms),
    f.created_within_days === undefined ? undefined : gte(properties.createdAt, new Date(now.getTime() - f.created_within_days * DAY_MS)),
    f.has_linked_lead === undefined ? undefined : f.has_linked_lead ? linkedLead : not(linkedLead),
    f.missing_price === undefined ? undefined : f.missing_price ? isNull(properties.price) : isNotNull(properties.price),
  )!;
}
