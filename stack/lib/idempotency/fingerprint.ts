/**
 * The fingerprint of a request: SHA-256 over its method, path (with query) and canonical body,
 * so the same key reused for another payload is caught (422) while a JSON body that only
 * differs in key order or whitespace still counts as the same request.
 */
import crypto from 'node:crypto';
import { canonicalMultipart } from './multipart.js';

/** JSON with object keys sorted at every depth; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A body that is not JSON (it will fail later, unstored) is fingerprinted as sent. */
function canonicalBody(body: string): string {
  if (body.trim() === '') return '';
  try {
    return canonicalJson(JSON.parse(body));
  } catch {
    return body;
  }
}

/**
 * @example
 * requestFingerprint('POST', '/properties', '{"b":1, "a":2}') === requestFingerprint('POST', '/properties', '{"a":2,"b":1}'); // true
 */
export function requestFingerprint(method: string, pathAndQuery: string, body: string): string {
  return crypto.createHash('sha256').update(`${method.toUpperCase()}\n${pathAndQuery}\n${canonicalBody(body)}`).digest('hex');
}

/**
 * The body to fingerprint: the text of a JSON (or any non-multipart) body; for multipart, its
 * parts (names, values, files' names, types and SHA-256), since a client retrying an upload
 * builds a new envelope with a new random boundary around the same parts.
 */
export async function fingerprintBody(raw: Request, text: () => Promise<string>): Promise<string> {
  if (/^multipart\/form-data\b/i.test(raw.headers.get('content-type') ?? '')) return canonicalMultipart(raw);
  return text();
}
