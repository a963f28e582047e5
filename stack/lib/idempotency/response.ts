/**
 * Turning a finished response into a stored record and back. The body is kept as the exact
 * bytes sent (UTF-8 text, or base64 for a binary body, flagged by the `:body-encoding`
 * pseudo-entry, a name no real header can have), with the headers a client acts on.
 */
import type { StoredResponse } from './store.js';

/** Headers replayed with the body; the rest (request id, rate limit, dates) belong to each request. */
const REPLAYED_HEADERS = ['content-type', 'location', 'content-location', 'etag', 'last-modified', 'cache-control', 'link'];
const BODY_ENCODING = ':body-encoding';

export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * The finished response as a record; `replayResponse` turns it back into the same bytes.
 *
 * @example
 * const stored = await captureResponse(c.res);
 * const again = replayResponse(stored); // same status, body bytes, Content-Type/Location/ETag, + Idempotent-Replayed: true
 */
export async function captureResponse(res: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const bytes = new Uint8Array(await res.clone().arrayBuffer());
  let body: string;
  try {
    body = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    body = Buffer.from(bytes).toString('base64');
    headers[BODY_ENCODING] = 'base64';
  }
  return { status: res.status, headers, body };
}

export function replayResponse(stored: StoredResponse): Response {
  const { [BODY_ENCODING]: encoding, ...headers } = stored.headers;
  const body = encoding === 'base64' ? Buffer.from(stored.body, 'base64') : stored.body;
  const replay = new Response(stored.status === 204 || stored.status === 304 ? null : body, { status: stored.status, headers });
  replay.headers.set(REPLAYED_HEADER, 'true');
  return replay;
}
