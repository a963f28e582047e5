/** The quality rules are pure: a row (and parcel) and a clock in, flags out. */
import { describe, expect, it } from 'vitest';
import type { PropertyRow } from '../properties/serialize.js';
import { qualityFlags } from './quality-rules.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const row: PropertyRow = {
  id: 'p', teamId: 't', createdBy: 'u', address: '1 Main St', city: 'Austin', state: 'TX', zip: '78701', price: 400000, bedrooms: 3, bathrooms: 2,
  sqft: 1600, propertyType: 'single_family', ownerName: 'Pat Lee', description: null, stage: 'new', version: 1, createdAt: NOW, updatedAt: NOW,
};
const codes = (p: PropertyRow, parcel?: Parameters<typeof qualityFlags>[1], now = NOW) => qualityFlags(p, parcel, now).map((f) => `${f.severity}:${f.code}:${f.field}`);

describe('qualityFlags', () => {
  it('finds nothing on a complete, plausible, fresh listing', () => {
    expect(codes(row)).toEqual([]);
  });

  it('flags a ZIP+4, a zero price and a record untouched for over a year', () => {
    expect(codes({ ...row, zip: '78701-1234', price: 0, updatedAt: new Date('2025-01-01T00:00:00Z') })).toEqual([
      'warning:price_per_sqft_outlier:price',
      'warning:zero_price:price',
      'warning:zip_not_5_digits:zip',
      'info:stale_record:null',
    ]);
  });

  it('does not ask land for bedrooms or judge its price per sq ft', () => {
    expect(codes({ ...row, propertyType: 'land', bedrooms: null, bathrooms: null, sqft: 43560, price: 175000 })).toEqual([]);
  });

  it('tolerates a 10% sqft difference with the open data but not more, and flags an old enrichment', () => {
    const parcel = { datasetVersion: '2026.11', matchedAt: new Date('2025-06-01T00:00:00Z'), attributes: { building_sqft: 1500, bedrooms: 3, owner_name: 'PAT LEE' } };
    expect(codes({ ...row, sqft: 1640 }, parcel)).toEqual(['info:stale_enrichment:null']);
    expect(codes({ ...row, sqft: 1700 }, parcel)).toEqual(['warning:conflicts_with_open_data:sqft', 'info:stale_enrichment:null']);
  });
});
