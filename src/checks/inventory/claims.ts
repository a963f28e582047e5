/**
 * The claims an `inventory` step makes about a recorded `GET /inventory` answer, as plain
 * assertions: shared by the kind's `run` and its `reevaluate` hook, so `reos evidence verify`
 * recomputes exactly what the run decided.
 */
import type { AssertionResult, HttpExchange, SourceLocation } from '../../model.js';

export interface InventoryClaims {
  operations_at_least?: number;
  /** Domains (OpenAPI tags) that must each have at least one operation. */
  domains?: string[];
  tables_at_least?: number;
  /** Tables that must exist (by name, any schema). */
  tables?: string[];
  /** Provider name -> `mock` or `real`. */
  providers?: Record<string, 'mock' | 'real'>;
  /** Component name -> mode (`in-process`, `separate`, `redis`, `memory`, `disabled`). */
  components?: Record<string, string>;
}

interface InventoryBody {
  operations?: { total?: number; domains?: Array<{ domain: string; total: number }> };
  tables?: { total?: number; tables?: Array<{ name: string; rows: number }> };
  providers?: Array<{ name: string; kind: string; mode: string }>;
  components?: Array<{ name: string; mode: string }>;
  version?: string;
}

type Locate = (path: readonly (string | number)[]) => SourceLocation;

const check = (label: string, op: string, expected: unknown, actual: unknown, passed: boolean, location: SourceLocation, message?: string): AssertionResult => ({
  label,
  op,
  expected,
  actual,
  passed,
  ...(passed || !message ? {} : { message }),
  location,
});

/** The values later steps can read: `steps.<id>.operations`, `.domains`, `.tables`, `.version`, `.status`. */
export function inventoryCaptures(exchange: HttpExchange): Record<string, unknown> {
  const body = (exchange.response?.body ?? {}) as InventoryBody;
  return {
    status: exchange.response?.status,
    operations: body.operations?.total,
    domains: body.operations?.domains?.length,
    tables: body.tables?.total,
    version: body.version,
  };
}

export function claimAssertions(exchange: HttpExchange, claims: InventoryClaims, locate: Locate): AssertionResult[] {
  const status = exchange.response?.status;
  const body = exchange.response?.body as InventoryBody | undefined;
  const answered = status === 200 && body !== null && typeof body === 'object' && typeof body.operations === 'object';
  const assertions = [check('GET /inventory answers 200 with an inventory', 'eq', 200, status, answered, locate(['inventory']), exchange.error ?? `${exchange.request.method} ${exchange.request.url} answered ${status}`)];
  if (!answered) return assertions;
  const at = (key: string) => locate(['expect', key]);
  if (claims.operations_at_least !== undefined) {
    const total = body.operations?.total ?? 0;
    assertions.push(check('operations', 'gte', claims.operations_at_least, total, total >= claims.operations_at_least, at('operations_at_least'), `${total} documented operations, fewer than ${claims.operations_at_least}`));
  }
  for (const domain of claims.domains ?? []) {
    const count = body.operations?.domains?.find((d) => d.domain === domain)?.total ?? 0;
    assertions.push(check(`domain ${domain} has operations`, 'gt', 0, count, count > 0, at('domains'), `no operation is tagged ${domain}`));
  }
  if (claims.tables_at_least !== undefined) {
    const total = body.tables?.total ?? 0;
    assertions.push(check('tables', 'gte', claims.tables_at_least, total, total >= claims.tables_at_least, at('tables_at_least'), `${total} tables, fewer than ${claims.tables_at_least}`));
  }
  for (const table of claims.tables ?? []) {
    const found = body.tables?.tables?.some((t) => t.name === table) ?? false;
    assertions.push(check(`table ${table} exists`, 'exists', true, found, found, at('tables'), `the database has no table ${table}`));
  }
  for (const [name, mode] of Object.entries(claims.providers ?? {})) {
    const provider = body.providers?.find((p) => p.name === name);
    assertions.push(check(`provider ${name} is ${mode}`, 'eq', mode, provider?.mode ?? null, provider?.mode === mode, at('providers'), provider ? `${name} is ${provider.kind} (${provider.mode})` : `no provider named ${name}`));
  }
  for (const [name, mode] of Object.entries(claims.components ?? {})) {
    const component = body.components?.find((c) => c.name === name);
    assertions.push(check(`component ${name} runs ${mode}`, 'eq', mode, component?.mode ?? null, component?.mode === mode, at('components'), component ? `${name} runs ${component.mode}` : `no component named ${name}`));
  }
  return assertions;
}
