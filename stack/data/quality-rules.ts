/**
 * Data-quality rules, pure: a property row (and its matched parcel, if any) in, flags out, each
 * with a code, the field, a severity and a message a person can act on. `now` is passed in so
 * the staleness rules are deterministic.
 */
import type { PropertyRow } from '../properties/serialize.js';

export type Severity = 'info' | 'warning' | 'error';

export interface QualityFlag {
  code: string;
  field: string | null;
  severity: Severity;
  message: string;
}

export interface ParcelSnapshot {
  datasetVersion: string;
  matchedAt: Date;
  attributes: Record<string, unknown>;
}

/** Fields a listing needs to be priced and compared: missing ones are flagged. */
const KEY_FIELDS = [
  ['price', 'price', 'warning'],
  ['sqft', 'sqft', 'warning'],
  ['bedrooms', 'bedrooms', 'info'],
  ['bathrooms', 'bathrooms', 'info'],
  ['property_type', 'propertyType', 'info'],
  ['owner_name', 'ownerName', 'info'],
] as const;

/** Plausible price per square foot for US residential listings; outside is probably a typo. */
export const PRICE_PER_SQFT = { min: 20, max: 3000 };
export const STALE_RECORD_DAYS = 365;
export const STALE_ENRICHMENT_DAYS = 365;
/** Open data and listing sizes this far apart (relative) disagree, not just round differently. */
const SQFT_TOLERANCE = 0.1;

const DAY_MS = 86_400_000;
const LAND_TYPES = new Set(['land', 'commercial']);

function missing(p: PropertyRow): QualityFlag[] {
  return KEY_FIELDS.filter(([, column]) => p[column] === null || p[column] === '')
    .filter(([field]) => !(LAND_TYPES.has(p.propertyType ?? '') && (field === 'bedrooms' || field === 'bathrooms')))
    .map(([field, , severity]) => ({ code: 'missing_field', field, severity, message: `${field} is empty; fill it in or run enrichment (POST /properties/{id}/enrich).` }));
}

function implausible(p: PropertyRow): QualityFlag[] {
  const flags: QualityFlag[] = [];
  if (p.bedrooms !== null && p.bedrooms > 20) flags.push({ code: 'implausible_bedrooms', field: 'bedrooms', severity: 'error', message: `${p.bedrooms} bedrooms is implausible (more than 20); check for a typo.` });
  if (p.bathrooms !== null && p.bedrooms !== null && p.bedrooms > 0 && p.bathrooms > p.bedrooms + 4) {
    flags.push({ code: 'implausible_bathrooms', field: 'bathrooms', severity: 'warning', message: `${p.bathrooms} bathrooms for ${p.bedrooms} bedrooms is unusual; check both.` });
  }
  if (!/^\d{5}$/.test(p.zip)) flags.push({ code: 'zip_not_5_digits', field: 'zip', severity: 'warning', message: `ZIP "${p.zip}" is not 5 digits; store the 5-digit ZIP (matching uses only those).` });
  if (p.price !== null && p.sqft !== null && p.sqft > 0 && !LAND_TYPES.has(p.propertyType ?? '')) {
    const perSqft = p.price / p.sqft;
    if (perSqft < PRICE_PER_SQFT.min || perSqft > PRICE_PER_SQFT.max) {
      flags.push({ code: 'price_per_sqft_outlier', field: 'price', severity: 'warning', message: `$${perSqft.toFixed(2)} per sq ft is outside ${PRICE_PER_SQFT.min}-${PRICE_PER_SQFT.max}; check price and sqft.` });
    }
  }
  if (p.price === 0) flags.push({ code: 'zero_price', field: 'price', severity: 'warning', message: 'The price is 0; clear it (null) if it is unknown.' });
  return flags;
}

/** Where the user's value and the open data disagree (a field the user set; empty ones are filled, not flagged). */
function conflicts(p: PropertyRow, parcel: ParcelSnapshot): QualityFlag[] {
  const a = parcel.attributes;
  const flags: QualityFlag[] = [];
  const conflict = (field: string, mine: unknown, theirs: unknown) =>
    flags.push({ code: 'conflicts_with_open_data', field, severity: 'warning', message: `${field} is ${String(mine)} here but ${String(theirs)} in county-parcels ${parcel.datasetVersion}; confirm which is right.` });
  if (p.sqft !== null && typeof a.building_sqft === 'number' && Math.abs(p.sqft - a.building_sqft) / a.building_sqft > SQFT_TOLERANCE) conflict('sqft', p.sqft, a.building_sqft);
  if (p.bedrooms !== null && typeof a.bedrooms === 'number' && p.bedrooms !== a.bedrooms) conflict('bedrooms', p.bedrooms, a.bedrooms);
  if (p.bathrooms !== null && typeof a.bathrooms === 'number' && p.bathrooms !== a.bathrooms) conflict('bathrooms', p.bathrooms, a.bathrooms);
  if (p.propertyType !== null && typeof a.property_type === 'string' && p.propertyType !== a.property_type) conflict('property_type', p.propertyType, a.property_type);
  if (p.ownerName !== null && typeof a.owner_name === 'string' && p.ownerName.trim().toLowerCase() !== a.owner_name.toLowerCase()) conflict('owner_name', p.ownerName, a.owner_name);
  return flags;
}

function stale(p: PropertyRow, parcel: ParcelSnapshot | undefined, now: Date): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const ageDays = (d: Date) => Math.floor((now.getTime() - d.getTime()) / DAY_MS);
  if (ageDays(p.updatedAt) > STALE_RECORD_DAYS) flags.push({ code: 'stale_record', field: null, severity: 'info', message: `Not updated for ${ageDays(p.updatedAt)} days; confirm the listing is still current.` });
  if (parcel && ageDays(parcel.matchedAt) > STALE_ENRICHMENT_DAYS) flags.push({ code: 'stale_enrichment', field: null, severity: 'info', message: `Enriched ${ageDays(parcel.matchedAt)} days ago; run enrichment again.` });
  return flags;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function qualityFlags(p: PropertyRow, parcel: ParcelSnapshot | undefined, now: Date): QualityFlag[] {
  const flags = [...missing(p), ...implausible(p), ...(parcel ? conflicts(p, parcel) : []), ...stale(p, parcel, now)];
  return flags.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.code.localeCompare(b.code) || (a.field ?? '').localeCompare(b.field ?? ''));
}

export function atLeast(severity: Severity | undefined) {
  return (flag: QualityFlag) => severity === undefined || ORDER[flag.severity] <= ORDER[severity];
}
