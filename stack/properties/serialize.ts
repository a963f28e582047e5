/**
 * Translation between the API's snake_case JSON and the `properties` / `property_events` rows.
 * One field map serves create, update and the response, so a new field is added in one place.
 */
import type { properties, propertyEvents } from '../db/schema.js';
import { definedOnly } from '../lib/columns.js';
import type { CreatePropertyInput, PropertyEventJson, PropertyJson, PropertyStage, UpdatePropertyInput } from './schema.js';

export type PropertyRow = typeof properties.$inferSelect;
export type PropertyEventRow = typeof propertyEvents.$inferSelect;
type PropertyColumns = Partial<typeof properties.$inferInsert>;

/** API field name -> column key, for the fields a caller may write (the stage has its own route). */
export const EDITABLE_FIELDS = {
  address: 'address',
  city: 'city',
  state: 'state',
  zip: 'zip',
  price: 'price',
  bedrooms: 'bedrooms',
  bathrooms: 'bathrooms',
  sqft: 'sqft',
  property_type: 'propertyType',
  owner_name: 'ownerName',
  description: 'description',
} as const satisfies Record<string, keyof PropertyRow>;

export type EditableField = keyof typeof EDITABLE_FIELDS;

/** The columns a validated body sets; fields the caller left out are left out here too. */
export function toColumns(body: Omit<CreatePropertyInput, 'stage'> | UpdatePropertyInput): PropertyColumns {
  const fields = body as Record<string, unknown>;
  return definedOnly(Object.fromEntries(Object.entries(EDITABLE_FIELDS).map(([field, column]) => [column, fields[field]]))) as PropertyColumns;
}

export function toPropertyJson(row: PropertyRow): PropertyJson {
  return {
    id: row.id,
    address: row.address,
    city: row.city,
    state: row.state,
    zip: row.zip,
    price: row.price,
    bedrooms: row.bedrooms,
    bathrooms: row.bathrooms,
    sqft: row.sqft,
    property_type: row.propertyType as PropertyJson['property_type'],
    owner_name: row.ownerName,
    description: row.description,
    stage: row.stage as PropertyStage,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toEventJson(row: PropertyEventRow): PropertyEventJson {
  return {
    id: String(row.id),
    kind: row.kind as PropertyEventJson['kind'],
    data: row.data as Record<string, unknown>,
    actor_id: row.actorId,
    created_at: row.createdAt.toISOString(),
  };
}
