/**
 * The built-in job types' pure parts: the memo PDF survives any text (characters the standard
 * font cannot draw, a description longer than a page) and stays a readable one-page PDF; the
 * enrichment facts follow from the property's columns.
 */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { deriveFacts, priceBand } from './enrichment.js';
import { buildMemoPdf, type MemoInput } from './memo.js';

const property: MemoInput['property'] = {
  id: 'p-1',
  address: '1 Main St',
  city: 'Austin',
  state: 'TX',
  zip: '73301',
  price: 480000,
  bedrooms: 4,
  bathrooms: 2,
  sqft: 2400,
  propertyType: 'single_family',
  ownerName: null,
  description: null,
  stage: 'new',
};

describe('memo PDF', () => {
  it('builds a readable one-page PDF with a title, author and creation date', async () => {
    const generatedAt = new Date('2026-11-26T12:00:00Z');
    const { bytes, pages } = await buildMemoPdf({ property, teamName: 'Acme Realty', generatedAt });
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pages).toBe(1);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('Property memo: 1 Main St');
    expect(pdf.getAuthor()).toBe('Acme Realty');
    expect(pdf.getCreationDate()?.toISOString()).toBe(generatedAt.toISOString());
  });

  it('replaces characters the font cannot draw and cuts a description longer than the page, keeping the footer', async () => {
    const description = `Emoji 🏡 and CJK 家 and a tab\there. ${'A very long sentence. '.repeat(2000)}`;
    const { bytes, pages } = await buildMemoPdf({ property: { ...property, description, ownerName: 'Zoë 🙂' }, teamName: 'Team ☃', generatedAt: new Date() });
    expect(pages).toBe(1);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  });
});

describe('enrichment facts', () => {
  it('derives price per sq ft, band, rooms and completeness from the columns', () => {
    expect(deriveFacts(property)).toEqual({
      price_per_sqft: 200,
      price_band: 'mid',
      sqft_per_bedroom: 600,
      total_rooms: 6,
      listing_completeness: 0.71,
      missing_fields: ['ownerName', 'description'],
    });
  });

  it('leaves a fact null when its inputs are missing', () => {
    const facts = deriveFacts({ ...property, price: null, sqft: null, bedrooms: null, bathrooms: null });
    expect(facts).toMatchObject({ price_per_sqft: null, price_band: null, sqft_per_bedroom: null, total_rooms: null });
  });

  it.each([
    [0, 'entry'],
    [249_999.99, 'entry'],
    [250_000, 'mid'],
    [999_999, 'upper'],
    [1_000_000, 'luxury'],
    [3_000_000, 'ultra'],
  ])('puts %d in the %s band', (price, band) => {
    expect(priceBand(price)).toBe(band);
  });
});
