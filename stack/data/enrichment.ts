/**
 * Open-data enrichment, the work of the `property.enrichment` job (queued by
 * POST /properties/{id}/enrich, see enrich.ts): `enrichFromOpenData` matches the property by normalised address and ZIP against the
 * shipped parcel data set and, on a match, in one transaction: fills the property's empty fields
 * (never overwriting a user's value), stores the parcel's attributes, records provenance
 * `enrichment:county-parcels` with the data set's version, and adds the signals the record
 * implies (years_owned from the last sale, absentee_owner from owner-occupancy). No match is a
 * completed job with `matched: false`, not a failure.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Logger } from 'pino';
import type { EventBus } from '../events/types.js';
import { PermanentJobError } from '../jobs/registry.js';
import type { AuthUser } from '../lib/context.js';
import { applyChange, lockProperty } from '../properties/store.js';
import { toPropertyJson, type PropertyRow } from '../properties/serialize.js';
import { findParcel, parcelDataset, PARCEL_DATASET, type ParcelRecord } from './open-data.js';
import { recordProvenance } from './provenance.js';
import { insertSignalIfChanged } from './signals-store.js';
import { propertyParcels } from './tables.js';

export const ENRICHMENT_SOURCE = `enrichment:${PARCEL_DATASET}`;

/** Property fields the parcel record can fill when they are empty: API name, column, parcel attribute. */
const FILLABLE = [
  ['sqft', 'sqft', 'building_sqft'],
  ['bedrooms', 'bedrooms', 'bedrooms'],
  ['bathrooms', 'bathrooms', 'bathrooms'],
  ['property_type', 'propertyType', 'property_type'],
  ['owner_name', 'ownerName', 'owner_name'],
] as const;

/** Parcel attributes stored with the property (and given provenance as `parcel.<name>`). */
export const PARCEL_ATTRIBUTES = ['parcel_id', 'year_built', 'lot_sqft', 'assessed_value', 'last_sale_date', 'last_sale_price', 'owner_occupied', 'zoning'] as const;

const YEAR_MS = 365.25 * 86_400_000;

/** Whole years (one decimal) from the last sale to `now`; the basis of the years_owned signal. */
export function yearsOwned(lastSaleDate: string, now: Date): number {
  return Math.max(0, Math.floor(((now.getTime() - Date.parse(`${lastSaleDate}T00:00:00Z`)) / YEAR_MS) * 10) / 10);
}

/** The fields a parcel fills on this property: only those the property leaves empty. */
export function fillsFor(property: PropertyRow, parcel: ParcelRecord): { fields: string[]; set: Record<string, unknown>; changes: Record<string, { from: null; to: unknown }> } {
  const fields: string[] = [];
  const set: Record<string, unknown> = {};
  const changes: Record<string, { from: null; to: unknown }> = {};
  for (const [field, column, attribute] of FILLABLE) {
    const value = parcel[attribute];
    if (property[column] !== null || value === null || value === undefined) continue;
    fields.push(field);
    set[column] = value;
    changes[field] = { from: null, to: value };
  }
  return { fields, set, changes };
}

export interface EnrichmentInput {
  db: Db;
  events: EventBus;
  logger?: Logger;
  property: PropertyRow;
  /** Who the property's history names as the actor: the job's submitter. */
  actor: AuthUser;
  /** A version the job was pinned to; a different shipped version fails the job for good. */
  pinnedVersion?: string;
  now?: Date;
}

export async function enrichFromOpenData(input: EnrichmentInput) {
  const dataset = parcelDataset();
  if (input.pinnedVersion && input.pinnedVersion !== dataset.version) {
    throw new PermanentJobError(`The job asks for ${dataset.dataset} version ${input.pinnedVersion}, but this stack ships version ${dataset.version}; submit it again without dataset_version (or with ${dataset.version}).`);
  }
  const now = input.now ?? new Date();
  const base = { property_id: input.property.id, dataset: dataset.dataset, dataset_version: dataset.version };
  const parcel = findParcel(input.property.address, input.property.zip);
  if (!parcel) return { ...base, matched: false as const, reason: `No ${dataset.dataset} record at ${input.property.address}, ${input.property.zip}.` };
  const { teamId } = input.property;
  const outcome = await input.db.transaction(async (tx) => {
    const current = await lockProperty(tx, input.actor, input.property.id, undefined);
    const fills = fillsFor(current, parcel);
    const row = fills.fields.length > 0
      ? await applyChange(tx, current, input.actor, { set: fills.set, event: { kind: 'updated', data: { changes: fills.changes, source: ENRICHMENT_SOURCE } } })
      : current;
    const attributes = Object.fromEntries(PARCEL_ATTRIBUTES.map((name) => [name, parcel[name]]));
    await tx
      .insert(propertyParcels)
      .values({ propertyId: current.id, teamId, dataset: dataset.dataset, datasetVersion: dataset.version, parcelId: parcel.parcel_id, attributes: { ...parcel, key: undefined } as Record<string, unknown> })
      .onConflictDoUpdate({
        target: propertyParcels.propertyId,
        set: { dataset: dataset.dataset, datasetVersion: dataset.version, parcelId: parcel.parcel_id, attributes: sql`excluded.attributes`, matchedAt: sql`date_trunc('milliseconds', now())` },
      });
    await recordProvenance(tx, { teamId, propertyId: current.id, fields: [...fills.fields, ...PARCEL_ATTRIBUTES.map((a) => `parcel.${a}`)], source: ENRICHMENT_SOURCE, datasetVersion: dataset.version });
    const signals = [
      { type: 'years_owned' as const, value: yearsOwned(parcel.last_sale_date, now) },
      { type: 'absentee_owner' as const, value: !parcel.owner_occupied },
    ];
    const added: string[] = [];
    for (const signal of signals) {
      if (await insertSignalIfChanged(tx, { teamId, propertyId: current.id, ...signal, source: ENRICHMENT_SOURCE, observedAt: now })) added.push(signal.type);
    }
    return { row, filled: fills.fields, changes: fills.changes, attributes, signalsAdded: added };
  });
  const result = { ...base, matched: true as const, parcel_id: parcel.parcel_id, filled_fields: outcome.filled, parcel: outcome.attributes, signals_added: outcome.signalsAdded };
  // After the commit, as routes do: the stream never announces a write that rolled back, and a
  // bus that fails does not fail (and retry) a job whose writes are already in.
  try {
    if (outcome.filled.length > 0) await input.events.publish(teamId, 'property.updated', { ...toPropertyJson(outcome.row), changes: outcome.changes });
    await input.events.publish(teamId, 'property.enriched', result);
  } catch (error) {
    input.logger?.error({ err: error, property_id: input.property.id }, 'enrichment events not published');
  }
  return result;
}

