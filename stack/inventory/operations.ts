/**
 * The operations an OpenAPI document lists, grouped by domain (the operation's first tag) and
 * counted by method. Pure: the API's `GET /inventory` runs it on its own document and
 * `reos inventory --target` on any API's, so both count the same way.
 */

export const COUNTED_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** The domain of an operation that carries no tag. */
export const UNTAGGED = 'untagged';

export interface InventoryOperation {
  method: string;
  path: string;
  domain: string;
  summary?: string;
}

export interface DomainOperations {
  domain: string;
  /** The tag's description in the document's `tags` list, when it declares one. */
  description?: string;
  total: number;
  /** Operations per HTTP method (upper case); methods with none are left out. */
  methods: Record<string, number>;
}

export interface OperationInventory {
  total: number;
  methods: Record<string, number>;
  domains: DomainOperations[];
  operations: InventoryOperation[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every operation of `doc`, and the counts by domain and method. Domains come in the order the
 * document's `tags` list declares them, then any undeclared ones alphabetically.
 *
 * @example
 * summarizeOperations(await (await fetch(`${base}/docs/openapi.json`)).json()).domains[0];
 * // { domain: 'health', total: 6, methods: { GET: 6 } }
 */
export function summarizeOperations(doc: unknown): OperationInventory {
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  const operations: InventoryOperation[] = Object.entries(paths).flatMap(([path, item]) =>
    isObject(item)
      ? OPENAPI_METHODS.filter((m) => isObject(item[m])).map((m) => {
          const op = item[m] as Json;
          const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : UNTAGGED;
          return { method: m.toUpperCase(), path, domain: tag, ...(typeof op.summary === 'string' ? { summary: op.summary } : {}) };
        })
      : [],
  );
  const declared = (isObject(doc) && Array.isArray(doc.tags) ? doc.tags : []).filter(isObject).filter((t) => typeof t.name === 'string');
  const order = declared.map((t) => t.name as string);
  const names = [...new Set(operations.map((op) => op.domain))].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  const domains = names.map((domain): DomainOperations => {
    const ops = operations.filter((op) => op.domain === domain);
    const description = declared.find((t) => t.name === domain)?.description;
    return { domain, ...(typeof description === 'string' ? { description } : {}), total: ops.length, methods: countMethods(ops) };
  });
  return { total: operations.length, methods: countMethods(operations), domains, operations };
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

function countMethods(ops: InventoryOperation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const op of ops) counts[op.method] = (counts[op.method] ?? 0) + 1;
  return counts;
}
