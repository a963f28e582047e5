/**
 * `property.enrichment`: facts derived from the property's own data (price per square foot,
 * a price band, rooms, completeness of the listing), recorded as the job's result. No outside
 * service is called: every number can be traced to a column of the property.
 */
import type { JobHandler } from '../registry.js';
import { loadJobProperty } from './property.js';

export const ENRICHMENT_JOB = 'property.enrichment';

/** Upper bounds (exclusive) of the price bands, in dollars. */
const BANDS: [number, string][] = [
  [250_000, 'entry'],
  [500_000, 'mid'],
  [1_000_000, 'upper'],
  [3_000_000, 'luxury'],
];

export function priceBand(price: number | null): string | null {
  if (price === null) return null;
  return BANDS.find(([limit]) => price < limit)?.[1] ?? 'ultra';
}

const LISTING_FIELDS = ['price', 'bedrooms', 'bathrooms', 'sqft', 'propertyType', 'ownerName', 'description'] as const;

export function deriveFacts(p: { price: number | null; sqft: number | null; bedrooms: number | null; bathrooms: number | null } & Record<(typeof LISTING_FIELDS)[number], unknown>) {
  const filled = LISTING_FIELDS.filter((f) => p[f] !== null && p[f] !== '');
  return {
    price_per_sqft: p.price !== null && p.sqft ? Math.round((p.price / p.sqft) * 100) / 100 : null,
    price_band: priceBand(p.price),
    sqft_per_bedroom: p.sqft && p.bedrooms ? Math.round(p.sqft / p.bedrooms) : null,
    total_rooms: p.bedrooms !== null || p.bathrooms !== null ? (p.bedrooms ?? 0) + (p.bathrooms ?? 0) : null,
    listing_completeness: Math.round((filled.length / LISTING_FIELDS.length) * 100) / 100,
    missing_fields: LISTING_FIELDS.filter((f) => !filled.includes(f)),
  };
}

export const enrichmentHandler: JobHandler = async ({ job, db }) => {
  const { property } = await loadJobProperty(db, job);
  return { property_id: property.id, facts: deriveFacts(property), computed_at: new Date().toISOString() };
};
