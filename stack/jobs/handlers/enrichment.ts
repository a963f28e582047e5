/**
 * `property.enrichment`: matches the property against the shipped open data (stack/data/
 * enrichment.ts: fills empty fields, stores the parcel, records provenance and signals) and adds
 * facts derived from the property's own data (price per square foot, a price band, rooms,
 * completeness of the listing). No outside service is called.
 */
import { z } from '@hono/zod-openapi';
import { enrichFromOpenData } from '../../data/enrichment.js';
import type { JobHandler } from '../registry.js';
import { loadJobProperty, PropertyJobPayload } from './property.js';

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

/**
 * `dataset_version` pins the open-data version (for a reproducible re-run). It is checked when the
 * job runs, not at submit: the data set that counts is the one the worker that runs it ships.
 */
export const EnrichmentJobPayload = PropertyJobPayload.extend({
  dataset_version: z.string().min(1).max(50).optional().openapi({ description: 'Fail (dead-letter) unless the worker ships this version of the data set' }),
}).strict();

export const enrichmentHandler: JobHandler = async ({ job, db, events, logger }) => {
  const { property } = await loadJobProperty(db, job);
  const actor = { id: job.createdBy ?? `job:${job.id}`, teamId: job.teamId, role: 'agent' as const };
  const pinnedVersion = typeof job.payload.dataset_version === 'string' ? job.payload.dataset_version : undefined;
  const enrichment = await enrichFromOpenData({ db, events, logger, property, actor, pinnedVersion });
  const { property: current } = await loadJobProperty(db, job);
  return { ...enrichment, facts: deriveFacts(current), computed_at: new Date().toISOString() };
};
