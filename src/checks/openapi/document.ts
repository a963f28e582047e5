/**
 * Reading an OpenAPI 3.x document: a basic structural check, the operations it lists, which
 * operation a recorded request hit, and a validator for the response schema of a status.
 * Schemas are validated with Ajv in JSON Schema 2020-12 (OpenAPI 3.1's dialect), strict off;
 * Ajv understands 3.0's `nullable: true` on its own.
 */
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { createResponseAjv } from '../support/json-schema.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Operation {
  method: string;
  path: string;
  definition: Record<string, unknown>;
  pattern: RegExp;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What keeps `doc` from being an OpenAPI 3.x document, by basic structure; empty when none. */
export function structureProblems(doc: unknown): string[] {
  if (!isObject(doc)) return ['the document is not a JSON object'];
  const problems: string[] = [];
  if (typeof doc.openapi !== 'string' || !/^3\.\d+(\.\d+)?/.test(doc.openapi)) problems.push(`openapi is ${JSON.stringify(doc.openapi)}, expected a 3.x version string`);
  if (!isObject(doc.info)) problems.push('info is missing');
  else {
    if (typeof doc.info.title !== 'string') problems.push('info.title is missing');
    if (typeof doc.info.version !== 'string') problems.push('info.version is missing');
  }
  if (doc.paths !== undefined && !isObject(doc.paths)) problems.push('paths is not an object');
  if (doc.paths === undefined && doc.webhooks === undefined && doc.components === undefined) problems.push('paths is missing');
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!path.startsWith('/')) problems.push(`path "${path}" does not start with /`);
    if (!isObject(item)) {
      problems.push(`paths["${path}"] is not an object`);
      continue;
    }
    for (const method of METHODS) {
      const op = item[method];
      if (op !== undefined && (!isObject(op) || (op.responses !== undefined && !isObject(op.responses)))) problems.push(`${method.toUpperCase()} ${path} is not a valid operation`);
    }
  }
  return problems;
}

function templatePattern(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

export function operationsOf(doc: unknown): Operation[] {
  if (!isObject(doc) || !isObject(doc.paths)) return [];
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    isObject(item) ? METHODS.filter((m) => isObject(item[m])).map((method) => ({ method, path, definition: item[method] as Json, pattern: templatePattern(path) })) : [],
  );
}

/** The operation a request hit; concrete paths win over templated ones (`/a/new` over `/a/{id}`). */
export function findOperation(operations: Operation[], method: string, path: string): Operation | undefined {
  const candidates = operations.filter((op) => op.method === method.toLowerCase() && op.pattern.test(path));
  return candidates.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0];
}

/** The response object documented for `status`: exact code, then `4XX`, then `default`. */
export function documentedResponse(op: Operation, status: number): { key: string; response: Json } | undefined {
  const responses = isObject(op.definition.responses) ? op.definition.responses : {};
  for (const key of [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default']) {
    if (isObject(responses[key])) return { key, response: responses[key] as Json };
  }
  return undefined;
}

/** The media type entry for a response content type: exact, then `type/*`, then `*\/*`. */
export function mediaFor(response: Json, contentType: string | undefined): string | undefined {
  if (!isObject(response.content)) return undefined;
  const media = Object.keys(response.content);
  const actual = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return media.find((m) => m.toLowerCase() === actual) ?? media.find((m) => m.endsWith('/*') && actual.startsWith(m.slice(0, -1))) ?? media.find((m) => m === '*/*');
}

const escape = (segment: string) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));

/** Compiles response-schema validators out of one document, each once. */
export class ResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction | Error>();

  constructor(doc: Json) {
    this.ajv = createResponseAjv();
    // Not meta-validated: an OpenAPI document is not itself a JSON Schema, only a home for some.
    this.ajv.addSchema(doc, 'openapi.json', undefined, false);
  }

  /** The validator for one response media schema, or the error that kept it from compiling. */
  validator(op: Operation, responseKey: string, media: string): ValidateFunction | Error {
    const pointer = ['paths', op.path, op.method, 'responses', responseKey, 'content', media, 'schema'].map(escape).join('/');
    const ref = `openapi.json#/${pointer}`;
    let found = this.cache.get(ref);
    if (!found) {
      try {
        found = this.ajv.compile({ $ref: ref });
      } catch (error) {
        found = error as Error;
      }
      this.cache.set(ref, found);
    }
    return found;
  }
}
