/**
 * fast-check arbitraries derived from a JSON Schema (OpenAPI 3.1's dialect): values the schema
 * accepts, built from its types, enums, consts, formats (email, uuid, date-time, date, uri),
 * bounds, patterns, required members and `$ref`s into the same document. Values stay small
 * (strings, arrays and objects bounded) so a request exercises the handler, not the body limit.
 */
import fc from 'fast-check';

import { resolveSchema, typesOf, type JsonSchema } from './schema-ref.js';

export { resolveSchema, typesOf, type JsonSchema };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const EMAIL = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/), fc.stringMatching(/^[a-z]{2,10}$/), fc.constantFrom('com', 'org', 'test', 'io'))
  .map(([user, domain, tld]) => `${user}@${domain}.${tld}`);
const DATE = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(minLength, 40);
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  switch (schema.format) {
    case 'email':
      return EMAIL.filter(fits);
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'date-time':
      return DATE.map((d) => d.toISOString());
    case 'date':
      return DATE.map((d) => d.toISOString().slice(0, 10));
    case 'uri':
    case 'url':
      return fc.stringMatching(/^[a-z]{3,10}$/).map((host) => `https://${host}.example.com/`);
    case 'binary':
      return fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1'));
    default:
      break;
  }
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain text.
    }
  }
  // Mostly printable ASCII, sometimes any Unicode (lengths in UTF-16 units, as validators count them).
  const cap = Math.min(maxLength, minLength + 40);
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength: cap }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: cap }).filter(fits) },
  ).filter((s) => s.trim().length >= Math.min(minLength, 1) || minLength === 0);
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const exclusiveMin = num('exclusiveMinimum');
  const exclusiveMax = num('exclusiveMaximum');
  if (integer) {
    const min = Math.max(num('minimum') ?? (exclusiveMin !== undefined ? Math.floor(exclusiveMin) + 1 : -1_000_000), Number.MIN_SAFE_INTEGER);
    const max = Math.min(num('maximum') ?? (exclusiveMax !== undefined ? Math.ceil(exclusiveMax) - 1 : 1_000_000_000), Number.MAX_SAFE_INTEGER);
    return fc.integer({ min, max: Math.max(min, max) });
  }
  const min = num('minimum') ?? exclusiveMin ?? -1e9;
  const max = num('maximum') ?? exclusiveMax ?? 1e12;
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: exclusiveMin !== undefined, maxExcluded: exclusiveMax !== undefined })
    .map((n) => Math.round(n * 100) / 100)
    .filter((n) => n >= min && n <= max && (exclusiveMin === undefined || n > exclusiveMin) && (exclusiveMax === undefined || n < exclusiveMax));
}

function objectArbitrary(schema: JsonSchema, doc: unknown, depth: number): fc.Arbitrary<unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties)) shape[name] = schemaArbitrary(sub, doc, depth + 1);
  return fc.record(shape, { requiredKeys: [...required].filter((k) => k in shape) });
}

/**
 * An arbitrary of values `schema` accepts. `doc` resolves `$ref`s; past a depth, optional
 * structure is cut short.
 *
 * @example
 * fc.sample(schemaArbitrary({ type: 'integer', minimum: 1, maximum: 3 }, doc), { seed: 7, numRuns: 1 }); // [2]
 */
export function schemaArbitrary(raw: unknown, doc: unknown, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveSchema(raw, doc);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return fc.oneof(...options.map((s) => schemaArbitrary(s, doc, depth + 1)));
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const merged = (schema.allOf as unknown[]).map((s) => resolveSchema(s, doc)).reduce<JsonSchema>(
      (all, s) => ({
        ...all,
        ...s,
        properties: { ...(isObject(all.properties) ? all.properties : {}), ...(isObject(s.properties) ? s.properties : {}) },
        required: [...(Array.isArray(all.required) ? all.required : []), ...(Array.isArray(s.required) ? s.required : [])],
      }),
      {},
    );
    return schemaArbitrary(merged, doc, depth + 1);
  }
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => schemaArbitrary({ ...schema, type }, doc, depth)));
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 4, minLength + (depth > 4 ? 0 : 4));
      const items = schemaArbitrary(schema.items ?? {}, doc, depth + 1);
      return schema.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, doc, depth);
    default:
      // An unconstrained schema: any small JSON value.
      return depth > 4 ? fc.constant(null) : fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}
