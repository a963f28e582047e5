/**
 * The hostile values malformed requests carry: strings that break naive text handling
 * (lone surrogates, NUL, bidi overrides, combining marks, injection look-alikes), path ids no
 * resource can have, Authorization headers that must never authenticate, and values of the
 * wrong JSON type for each type.
 */

/** Strings a JSON body can carry (lone surrogates are escaped by JSON.stringify). */
export const HOSTILE_STRINGS: readonly string[] = [
  '\uD800',
  'a\uDFFFb',
  'nul\u0000byte',
  '\u0000',
  '\u202Egnp.exe',
  '\u200B\u200C\u200D\uFEFF',
  'e\u0301\u0301\u0301',
  '🏠🔑'.repeat(20),
  'Ω≈ç√∫˜µ≤≥÷',
  "'; DROP TABLE properties; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '%s%n%x',
  '../../../../etc/passwd',
  ' ',
  '',
  '\r\n\t',
];

/** Path segments that can never name an existing resource (sent percent-encoded as UTF-8). */
export const BAD_IDS: readonly string[] = [
  'nonexistent-id',
  '00000000-0000-0000-0000-000000000000',
  '0',
  '-1',
  '99999999999999999999999',
  "1' OR '1'='1",
  '..%2F..%2Fetc',
  'nul\u0000id',
  '\uD800',
  '\u202Eid',
  'x'.repeat(2048),
  '1.5',
  'null',
  'undefined',
];

/** Authorization header values that must not authenticate anyone (ASCII: header values must be). */
export function badAuthorizations(token: string | undefined): string[] {
  const header = (object: object) => Buffer.from(JSON.stringify(object)).toString('base64url');
  const none = `${header({ alg: 'none', typ: 'JWT' })}.${header({ sub: 'admin', typ: 'access', exp: 4102444800 })}.`;
  const values = ['Bearer', 'Bearer ', 'Bearer not-a-token', 'Basic dXNlcjpwYXNzd29yZA==', `Bearer ${none}`, 'Token abc', 'Bearer a.b.c'];
  if (token) {
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    values.push(`Bearer ${flipped}`, `Bearer ${token.split('.').slice(0, 2).join('.')}.`);
  }
  return values;
}

/** A value of another JSON type than any of `types`. */
export function wrongTypeValue(types: string[], pick: number): unknown {
  const candidates: Array<[string, unknown]> = [
    ['string', 'not-a-number'],
    ['integer', 12345],
    ['number', 1.5e308],
    ['boolean', true],
    ['object', { nested: { value: 1 } }],
    ['array', ['a', 1, null]],
    ['null', null],
  ];
  const allowed = new Set(types.includes('number') ? [...types, 'integer'] : types);
  const wrong = candidates.filter(([type]) => !allowed.has(type));
  return (wrong.length ? wrong : candidates)[pick % (wrong.length || candidates.length)][1];
}

/** `[[[[...]]]]` `depth` levels deep, built without recursion. */
export function deepNesting(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** A 1x1 PNG: a real image for valid multipart uploads. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
