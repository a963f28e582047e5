/** The target's OpenAPI document, recorded in the pack as `openapi.json` when it serves one. */
import { request } from '../checks/support/undici-request.js';
import { probeUrl } from './readiness.js';

/** The target's OpenAPI document from /docs/openapi.json, or undefined when it has none. */
export async function fetchOpenApi(base: string, timeoutMs = 5_000): Promise<unknown> {
  try {
    const response = await request(probeUrl(base, '/docs/openapi.json'), { signal: AbortSignal.timeout(timeoutMs) });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    const document: unknown = await response.body.json();
    return document && typeof document === 'object' ? document : undefined;
  } catch {
    return undefined;
  }
}
