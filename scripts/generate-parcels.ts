/**
 * Generates stack/data/open-data/parcels.json: SYNTHETIC county parcel records (no real parcel,
 * owner or value), deterministic (a fixed-seed PRNG, no clock), so running it again rewrites the
 * same bytes. The demo seed's properties and the shipped scenarios' addresses are included on
 * purpose so enrichment has something to match.
 *
 *   npx tsx scripts/generate-parcels.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parcelKey } from '../stack/data/address.js';
import type { ParcelRecord } from '../stack/data/open-data.js';

const DATASET = 'county-parcels';
const VERSION = '2026.11';
const COUNT = 300;

/** mulberry32: small, fast, and the same sequence everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261126);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const CITIES = [
  { city: 'Austin', state: 'TX', zips: ['78701', '78702', '78704', '78745'], ppsf: 310, county: 'TRV' },
  { city: 'San Diego', state: 'CA', zips: ['92101', '92103', '92104'], ppsf: 620, county: 'SDG' },
  { city: 'Columbus', state: 'OH', zips: ['43215', '43201', '43206'], ppsf: 160, county: 'FRK' },
  { city: 'Denver', state: 'CO', zips: ['80202', '80205', '80210'], ppsf: 330, county: 'DEN' },
  { city: 'Chicago', state: 'IL', zips: ['60601', '60614', '60622'], ppsf: 300, county: 'COK' },
  { city: 'Atlanta', state: 'GA', zips: ['30303', '30306', '30312'], ppsf: 240, county: 'FUL' },
  { city: 'Portland', state: 'OR', zips: ['97201', '97202', '97214'], ppsf: 330, county: 'MUL' },
  { city: 'Omaha', state: 'NE', zips: ['68102', '68104', '68131'], ppsf: 150, county: 'DOU' },
  { city: 'Springfield', state: 'IL', zips: ['62701', '62702', '62704'], ppsf: 120, county: 'SAN' },
] as const;
const STREETS = ['Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Walnut', 'Willow', 'Birch', 'Lake', 'Hill', 'River', 'Park', 'Sunset', 'Highland', 'Meadow', 'Forest', 'Spring', 'Ridge', 'Mill', 'Church'];
const SUFFIXES = ['St', 'Ave', 'Dr', 'Ln', 'Rd', 'Ct', 'Blvd', 'Way', 'Pl'];
const FIRST = ['Alex', 'Maria', 'James', 'Linda', 'Wei', 'Fatima', 'Carlos', 'Olivia', 'Noah', 'Aisha', 'Ethan', 'Sofia', 'Liam', 'Grace', 'Omar', 'Hannah'];
const LAST = ['Garcia', 'Smith', 'Nguyen', 'Johnson', 'Brown', 'Khan', 'Martinez', 'Davis', 'Lopez', 'Wilson', 'Chen', 'Taylor', 'Okafor', 'Moore', 'Schmidt', 'Rivera'];
const TYPES = ['single_family', 'single_family', 'single_family', 'condo', 'townhouse', 'multi_family'] as const;
const ZONING: Record<string, string[]> = {
  single_family: ['R-1', 'R-1A', 'R-2'], condo: ['R-3', 'MU-1'], townhouse: ['R-2', 'R-3'], multi_family: ['R-4', 'MU-2'], commercial: ['C-1', 'C-2'], land: ['A-1', 'R-1'],
};

/** One record, as the stack reads it. */
type Parcel = ParcelRecord;

/** Known addresses: the demo seed's properties and the scenarios', with details chosen to show something. */
const FIXED: Omit<Parcel, 'key' | 'parcel_id' | 'zoning' | 'lot_sqft' | 'assessed_value'>[] = [
  { address: '123 Demo Street', city: 'Austin', state: 'TX', zip: '78701', property_type: 'single_family', year_built: 1978, building_sqft: 1850, bedrooms: 3, bathrooms: 2, last_sale_date: '2004-06-18', last_sale_price: 182000, owner_name: 'Jane Seller', owner_occupied: false },
  { address: '48 Harbor View Drive', city: 'San Diego', state: 'CA', zip: '92101', property_type: 'condo', year_built: 2006, building_sqft: 1150, bedrooms: 2, bathrooms: 2, last_sale_date: '2015-03-02', last_sale_price: 510000, owner_name: 'Marco Rossi', owner_occupied: true },
  { address: '901 Maple Avenue', city: 'Columbus', state: 'OH', zip: '43215', property_type: 'single_family', year_built: 1952, building_sqft: 2300, bedrooms: 4, bathrooms: 2.5, last_sale_date: '1998-09-30', last_sale_price: 96000, owner_name: 'Priya Patel', owner_occupied: false },
  { address: '15 Lakeshore Boulevard', city: 'Chicago', state: 'IL', zip: '60601', property_type: 'single_family', year_built: 1925, building_sqft: 3400, bedrooms: 5, bathrooms: 4, last_sale_date: '2011-05-12', last_sale_price: 780000, owner_name: 'Grace Kim', owner_occupied: true },
  { address: '12 Orchard Lane', city: 'Portland', state: 'OR', zip: '97201', property_type: 'single_family', year_built: 1964, building_sqft: 1700, bedrooms: 3, bathrooms: 2, last_sale_date: '2009-11-20', last_sale_price: 265000, owner_name: 'Tom Baker', owner_occupied: true },
  // The data scenarios: one property that matches (its sqft differs from the listing on purpose: a conflict flag).
  { address: '500 Provenance Way', city: 'Springfield', state: 'IL', zip: '62701', property_type: 'single_family', year_built: 1961, building_sqft: 2100, bedrooms: 3, bathrooms: 2, last_sale_date: '2001-08-15', last_sale_price: 88000, owner_name: 'Dana Whitfield', owner_occupied: false },
  { address: '77 Ledger Court', city: 'Springfield', state: 'IL', zip: '62704', property_type: 'townhouse', year_built: 1994, building_sqft: 1600, bedrooms: 3, bathrooms: 2.5, last_sale_date: '2012-04-27', last_sale_price: 121000, owner_name: 'Lee Ortega', owner_occupied: true },
];

const counter = new Map<string, number>();
function parcelId(county: string): string {
  const n = (counter.get(county) ?? 0) + 1;
  counter.set(county, n);
  return `${county}-${String(int(10000, 99999))}-${String(n).padStart(3, '0')}`;
}

function complete(base: (typeof FIXED)[number]): Parcel {
  const city = CITIES.find((c) => c.city === base.city)!;
  const sqft = base.building_sqft ?? 0;
  const assessed = Math.round((sqft * city.ppsf * (0.75 + random() * 0.2)) / 1000) * 1000 || int(40, 400) * 1000;
  return {
    key: parcelKey(base.address, base.zip)!,
    parcel_id: parcelId(city.county),
    ...base,
    lot_sqft: base.property_type === 'condo' ? 0 : Math.max(sqft, int(3000, 12000)),
    assessed_value: assessed,
    zoning: pick(ZONING[base.property_type]),
  };
}

function synthetic(): (typeof FIXED)[number] {
  const city = pick(CITIES);
  const type = pick(TYPES);
  const bedrooms = type === 'condo' ? int(1, 3) : type === 'multi_family' ? int(4, 8) : int(2, 5);
  const sqft = bedrooms * int(450, 700) + int(0, 400);
  const saleYear = int(1985, 2025);
  const salePrice = Math.round((sqft * city.ppsf * (0.35 + (saleYear - 1985) / 40 * 0.7)) / 1000) * 1000;
  return {
    address: `${int(1, 9899)} ${pick(STREETS)} ${pick(SUFFIXES)}`,
    city: city.city,
    state: city.state,
    zip: pick(city.zips),
    property_type: type,
    year_built: int(1900, 2022),
    building_sqft: sqft,
    bedrooms,
    bathrooms: Math.min(bedrooms, int(1, 4)) + (random() < 0.3 ? 0.5 : 0),
    last_sale_date: `${saleYear}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
    last_sale_price: salePrice,
    owner_name: `${pick(FIRST)} ${pick(LAST)}`,
    owner_occupied: random() < 0.7,
  };
}

const parcels = new Map<string, Parcel>();
for (const base of FIXED) parcels.set(parcelKey(base.address, base.zip)!, complete(base));
while (parcels.size < COUNT) {
  const parcel = complete(synthetic());
  if (!parcels.has(parcel.key)) parcels.set(parcel.key, parcel);
}

const out = {
  dataset: DATASET,
  version: VERSION,
  synthetic: true,
  description: 'Synthetic county parcel records for demos and tests: generated by scripts/generate-parcels.ts; no real parcel, owner or value.',
  records: [...parcels.values()].sort((a, b) => a.key.localeCompare(b.key)),
};
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'stack', 'data', 'open-data', 'parcels.json');
fs.writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${out.records.length} parcels -> ${path.relative(process.cwd(), target)}`);
