/**
 * The operations a fuzz step exercises, read from the OpenAPI document alone: each one's
 * parameters, request body (media type and schema, `$ref`s resolved lazily), whether it
 * documents security, and the exclusions (event streams always; the fuzz user's own logout
 * and password change by default; whatever the step lists).
 */
import { operationsOf, type Operation } from '../openapi/document.js';
import { resolveSchema, type JsonSchema } from './schema-ref.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Excluded unless the step's `exclude` replaces the list: they would end the fuzz user's own
 * session or credentials mid-run, after which every authenticated request is a 401.
 */
export const DEFAULT_EXCLUDES = ['POST /auth/logout', 'POST /auth/change-password'];

export interface FuzzParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface FuzzOperation {
  /** `POST /properties`: how reports, exclusions and replays name it. */
  key: string;
  method: string;
  path: string;
  operation: Operation;
  parameters: FuzzParameter[];
  body?: { media: string; schema: JsonSchema; required: boolean };
  /** The operation (or the document) requires a credential. */
  secured: boolean;
}

export interface OperationSelection {
  operations: FuzzOperation[];
  /** Operations left out, each with why. */
  excluded: Array<{ operation: string; why: string }>;
}

function isEventStream(op: Operation): boolean {
  const responses = isObject(op.definition.responses) ? op.definition.responses : {};
  return Object.values(responses).some((r) => isObject(r) && isObject(r.content) && Object.keys(r.content).some((m) => m.startsWith('text/event-stream')));
}

function parametersOf(op: Operation, pathItem: Json, doc: unknown): FuzzParameter[] {
  const all = [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(op.definition.parameters) ? op.definition.parameters : [])];
  return all
    .map((p) => resolveSchema(p, doc))
    .filter((p) => typeof p.name === 'string' && (p.in === 'path' || p.in === 'query' || p.in === 'header'))
    .map((p) => ({ name: p.name as string, in: p.in as FuzzParameter['in'], required: p.in === 'path' || p.required === true, schema: resolveSchema(p.schema, doc) }));
}

const MEDIA_PREFERENCE = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

function bodyOf(op: Operation, doc: unknown): FuzzOperation['body'] {
  const body = resolveSchema(op.definition.requestBody, doc);
  if (!isObject(body.content)) return undefined;
  const media = Object.keys(body.content);
  const chosen = MEDIA_PREFERENCE.find((m) => media.includes(m)) ?? media.find((m) => /[/+]json$/.test(m)) ?? media[0];
  if (!chosen) return undefined;
  const entry = body.content[chosen];
  return { media: chosen, schema: isObject(entry) ? resolveSchema(entry.schema, doc) : {}, required: body.required === true };
}

/** The operation (or the whole document) requires a credential: a security requirement with no empty alternative. */
export function securedOf(op: Operation, doc: Json): boolean {
  const security = op.definition.security ?? doc.security;
  return Array.isArray(security) && security.length > 0 && !security.some((s) => isObject(s) && Object.keys(s).length === 0);
}

/** Every documented operation, less the excluded ones; `only` (keys) narrows further. */
export function selectOperations(doc: Json, options: { exclude?: string[]; only?: string[] } = {}): OperationSelection {
  const excludes = new Set((options.exclude ?? DEFAULT_EXCLUDES).map(normalizeKey));
  const only = options.only ? new Set(options.only.map(normalizeKey)) : undefined;
  const paths = isObject(doc.paths) ? doc.paths : {};
  const operations: FuzzOperation[] = [];
  const excluded: OperationSelection['excluded'] = [];
  for (const op of operationsOf(doc)) {
    const key = `${op.method.toUpperCase()} ${op.path}`;
    if (only && !only.has(key)) continue;
    if (isEventStream(op)) excluded.push({ operation: key, why: 'an event stream (text/event-stream) never ends; the sse kind proves it' });
    else if (excludes.has(key)) excluded.push({ operation: key, why: 'excluded by the step (it would end the fuzz user’s own session or credentials)' });
    else {
      const pathItem = isObject(paths[op.path]) ? (paths[op.path] as Json) : {};
      operations.push({ key, method: op.method.toUpperCase(), path: op.path, operation: op, parameters: parametersOf(op, pathItem, doc), body: bodyOf(op, doc), secured: securedOf(op, doc) });
    }
  }
  return { operations: orderForFuzzing(operations), excluded };
}

/** `post /a` and `POST  /a` name the same operation. */
export function normalizeKey(key: string): string {
  const [method, ...rest] = key.trim().split(/\s+/);
  return `${method.toUpperCase()} ${rest.join(' ')}`;
}

/**
 * Creations first (their ids feed later path parameters), deletions last, document order
 * otherwise, so reads and updates meet resources that exist.
 */
function orderForFuzzing(operations: FuzzOperation[]): FuzzOperation[] {
  const rank = (op: FuzzOperation) => (op.method === 'POST' && !op.path.includes('{') ? 0 : op.method === 'DELETE' ? 2 : 1);
  return operations.map((op, i) => ({ op, i })).sort((a, b) => rank(a.op) - rank(b.op) || a.i - b.i).map(({ op }) => op);
}

/** The collection a path parameter points into: `/properties/{id}/images` for `{imageId}` there. */
export function collectionOf(path: string, param: string): string {
  const at = path.indexOf(`{${param}}`);
  return at < 0 ? path : path.slice(0, at).replace(/\/+$/, '');
}
