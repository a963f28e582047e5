/**
 * The open data shipped with the stack (stack/data/open-data/, synthetic; see its README),
 * loaded once and indexed by parcel key. Found from both `stack/` (tsx) and `dist/stack/` (built):
 * the JSON is not compiled, so the package ships the folder itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parcelKey } from './address.js';

export const PARCEL_DATASET = 'county-parcels';

export interface ParcelRecord {
  key: string;
  parcel_id: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  property_type: string;
  year_built: number | null;
  lot_sqft: number;
  building_sqft: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  assessed_value: number;
  last_sale_date: string;
  last_sale_price: number;
  owner_name: string;
  owner_occupied: boolean;
  zoning: string;
}

export interface ParcelDataset {
  dataset: string;
  version: string;
  synthetic: boolean;
  byKey: Map<string, ParcelRecord>;
}

let loaded: ParcelDataset | undefined;

function datasetFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [path.join(dir, 'open-data', 'parcels.json'), path.join(dir, 'stack', 'data', 'open-data', 'parcels.json')]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error('The open-data parcels (stack/data/open-data/parcels.json) are missing from this install.');
}

export function parcelDataset(): ParcelDataset {
  if (loaded) return loaded;
  const raw = JSON.parse(fs.readFileSync(datasetFile(), 'utf8')) as { dataset: string; version: string; synthetic: boolean; records: ParcelRecord[] };
  loaded = { dataset: raw.dataset, version: raw.version, synthetic: raw.synthetic, byKey: new Map(raw.records.map((r) => [r.key, r])) };
  return loaded;
}

/** The parcel at this address and ZIP, or undefined (no valid ZIP, or not in the data set). */
export function findParcel(address: string, zip: string): ParcelRecord | undefined {
  const key = parcelKey(address, zip);
  return key ? parcelDataset().byKey.get(key) : undefined;
}
