/**
 * Reading JSON Schemas inside an OpenAPI document: following local `$ref`s and listing a
 * schema's types. No fast-check here, so the fuzz kind's registration loads nothing heavy.
 */
export type JsonSchema = Record<string, unknown>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Follows local `$ref`s (`#/components/schemas/X`) in `doc` until a schema without one. */
export function resolveSchema(schema: unknown, doc: unknown, depth = 0): JsonSchema {
  if (!isObject(schema)) return {};
  if (typeof schema.$ref !== 'string' || depth > 20) return schema;
  const target = schema.$ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
  const { $ref: _ref, ...siblings } = schema;
  return { ...resolveSchema(target, doc, depth + 1), ...siblings };
}

/** The schema's types as a list (`type: [string, null]` -> both; none -> guessed from keywords). */
export function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (typeof schema.type === 'string') return [schema.type];
  if (isObject(schema.properties)) return ['object'];
  if (schema.items !== undefined) return ['array'];
  return [];
}
