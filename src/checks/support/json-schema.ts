/**
 * JSON Schema validation of response bodies: one Ajv instance per use site, JSON Schema
 * 2020-12 (OpenAPI 3.1's dialect), formats on, strict off so OpenAPI annotations such as
 * `example` or `discriminator` do not stop a schema from compiling. Ajv and its formats are
 * required on first use: most runs never validate a body against a schema, and loading them
 * costs tens of milliseconds of start-up.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;

export function createResponseAjv(): Ajv2020 {
  const { Ajv2020 } = require('ajv/dist/2020') as { Ajv2020: new (options: object) => Ajv2020 };
  const formatsModule = require('ajv-formats') as FormatsPlugin & { default?: FormatsPlugin };
  const addFormats = formatsModule.default ?? formatsModule;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

/** `instancePath must ...` lines, short enough for a report. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined, limit = 5): string[] {
  const lines = (errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`);
  return lines.length > limit ? [...lines.slice(0, limit), `... and ${lines.length - limit} more`] : lines;
}

const compiled = new WeakMap<object, ValidateFunction>();
let shared: Ajv2020 | undefined;

/** Validates `value` against an inline schema (compiled once per schema object). */
export function validateAgainst(schema: object, value: unknown): { valid: boolean; errors: string[] } {
  shared ??= createResponseAjv();
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = shared.compile(schema);
    } catch (error) {
      return { valid: false, errors: [`the schema itself is invalid: ${(error as Error).message}`] };
    }
    compiled.set(schema, validate);
  }
  const valid = validate(value) as boolean;
  return { valid, errors: valid ? [] : describeSchemaErrors(validate.errors) };
}
