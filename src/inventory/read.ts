/**
 * Reads a running API's inventory over HTTP: the operations from its OpenAPI document, then
 * `GET /inventory` with a token when the document lists it. A target that does not answer at
 * all is an error (exit 3); anything less (no document, no /inventory, a refused token) is
 * reported in `unavailable` with the operations that could be read.
 */
import { request } from '../checks/support/undici-request.js';
import { EXIT, ReosError } from '../errors.js';
import { summarizeOperations } from '../../stack/inventory/operations.js';
import { probeUrl } from '../verify/readiness.js';
import { throwawayToken } from './access.js';
import { INVENTORY_FORMAT, type InventoryReport } from './report.js';

export interface ReadInventoryOptions {
  /** A bearer token; without one a throwaway account is registered (when `register` is not false). */
  token?: string;
  register?: boolean;
  /** The OpenAPI document when the caller already fetched it (reos verify); fetched otherwise. */
  openapi?: unknown;
  /** Shown as the report's target (`embedded` for the stack reos started). */
  label?: string;
  timeoutMs?: number;
}

type Fetched = { status: number; body: unknown };

async function getJson(base: string, path: string, timeoutMs: number, token?: string): Promise<Fetched> {
  const response = await request(probeUrl(base, path), { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.body.text();
  try {
    return { status: response.statusCode, body: JSON.parse(text) };
  } catch {
    return { status: response.statusCode, body: undefined };
  }
}

function unreachable(base: string, error: unknown): ReosError {
  const { code, message } = error as NodeJS.ErrnoException;
  return new ReosError(`${base} is unreachable: ${code ?? message}.`, {
    hint: 'Check the URL and that the API is running (`reos status`, or start it with `reos up`); without --target, reos inventory starts the bundled stack itself.',
    exitCode: EXIT.unreachable,
    code: 'TARGET_UNREACHABLE',
    cause: error,
  });
}

/** Whether the OpenAPI document `doc` lists `method path`. */
export const documents = (doc: unknown, path: string, method: string): boolean => Boolean((doc as { paths?: Record<string, Record<string, unknown>> } | undefined)?.paths?.[path]?.[method]);

/**
 * @example
 * const report = await readInventory('http://127.0.0.1:8000', { token: process.env.REOS_TOKEN });
 * report.operations.total; // 93
 */
export async function readInventory(base: string, options: ReadInventoryOptions = {}): Promise<InventoryReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const unavailable: string[] = [];
  let doc = options.openapi;
  if (doc === undefined) {
    let fetched: Fetched;
    try {
      fetched = await getJson(base, '/docs/openapi.json', timeoutMs);
    } catch (error) {
      throw unreachable(base, error);
    }
    if (fetched.status === 200 && fetched.body && typeof fetched.body === 'object') doc = fetched.body;
    else unavailable.push(`operations: GET /docs/openapi.json answered ${fetched.status}${fetched.body === undefined ? ' (not JSON)' : ''}`);
  }
  const report: InventoryReport = { format: INVENTORY_FORMAT, formatVersion: 1, target: options.label ?? base, fetchedAt: new Date().toISOString(), operations: summarizeOperations(doc), unavailable };
  const rest = 'tables, components and providers';
  if (!documents(doc, '/inventory', 'get')) {
    unavailable.push(`${rest}: the target documents no GET /inventory (not a reos stack, or an older one)`);
    return report;
  }
  let token = options.token;
  if (!token) {
    if (options.register === false || !documents(doc, '/auth/register', 'post')) {
      unavailable.push(`${rest}: GET /inventory needs a token (--token or REOS_TOKEN)`);
      return report;
    }
    const access = await throwawayToken(base, AbortSignal.timeout(timeoutMs));
    if ('problem' in access) {
      unavailable.push(`${rest}: ${access.problem}; pass --token or set REOS_TOKEN`);
      return report;
    }
    token = access.token;
  }
  let answer: Fetched;
  try {
    answer = await getJson(base, '/inventory', timeoutMs, token);
  } catch (error) {
    unavailable.push(`${rest}: GET /inventory failed: ${(error as Error).message}`);
    return report;
  }
  if (answer.status !== 200 || !answer.body || typeof answer.body !== 'object') {
    const why = answer.status === 401 ? ' (the token was refused: expired, or for another deployment)' : '';
    unavailable.push(`${rest}: GET /inventory answered ${answer.status}${why}`);
    return report;
  }
  const body = answer.body as Pick<InventoryReport, 'version' | 'tables' | 'components' | 'providers'>;
  return { ...report, version: body.version, tables: body.tables, components: body.components, providers: body.providers };
}
