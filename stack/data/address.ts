/**
 * Address normalisation for matching a property to open data: upper case, punctuation and
 * repeated spaces removed, street suffixes and directions in their USPS abbreviation, unit
 * designators dropped, and the ZIP cut to its five digits. "123 Main Street, Apt 4" in 78701-1234
 * and "123 MAIN ST" in 78701 give the same key.
 *
 * @example
 * parcelKey('48 Harbor View Drive', '92101') // '48 HARBOR VIEW DR|92101'
 */

const SUFFIXES: Record<string, string> = {
  STREET: 'ST', AVENUE: 'AVE', AV: 'AVE', BOULEVARD: 'BLVD', DRIVE: 'DR', LANE: 'LN', ROAD: 'RD', PARKWAY: 'PKWY',
  COURT: 'CT', PLACE: 'PL', TERRACE: 'TER', CIRCLE: 'CIR', HIGHWAY: 'HWY', SQUARE: 'SQ', TRAIL: 'TRL', WAY: 'WAY',
  NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W', NORTHEAST: 'NE', NORTHWEST: 'NW', SOUTHEAST: 'SE', SOUTHWEST: 'SW',
};

/** Everything from a unit designator on (`APT 4`, `UNIT B`, `# 12`) is not part of the parcel's address. */
const UNIT = /\s(APT|APARTMENT|UNIT|STE|SUITE|#)\s?.*$/;

export function normaliseAddress(address: string): string {
  const words = address
    .toUpperCase()
    .replace(/#/g, ' # ')
    .replace(/[.,;:'"]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(UNIT, '')
    .split(' ');
  return words.map((word) => SUFFIXES[word] ?? word).join(' ');
}

/** The five-digit ZIP of `zip` (ZIP+4 allowed), or undefined when it has none. */
export function zip5(zip: string): string | undefined {
  return /^\s*(\d{5})(-?\d{4})?\s*$/.exec(zip)?.[1];
}

/** The key parcels are stored under: normalised address and five-digit ZIP; undefined without a valid ZIP. */
export function parcelKey(address: string, zip: string): string | undefined {
  const five = zip5(zip);
  return five ? `${normaliseAddress(address)}|${five}` : undefined;
}
