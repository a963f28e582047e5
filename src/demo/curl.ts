/**
 * A request as a copy-pasteable curl command: the real URL, headers and body, single-quoted
 * for POSIX shells. The presenter's own tokens are shown (it is their demo); packs never hold
 * these strings, they hold the redacted exchange.
 */
import type { HttpExchange } from '../model.js';

/** Single-quotes a shell word ('it'\''s'). */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_\-./:=@%+,]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

const SKIPPED_HEADERS = new Set(['user-agent', 'content-length', 'host']);

export function toCurl(request: HttpExchange['request'], options: { stream?: boolean } = {}): string {
  const parts = ['curl', '-sS'];
  if (options.stream) parts.push('-N');
  if (request.method !== 'GET' || request.body !== undefined) parts.push('-X', request.method);
  parts.push(shellQuote(request.url));
  const lines = [parts.join(' ')];
  for (const [name, value] of Object.entries(request.headers)) {
    if (!SKIPPED_HEADERS.has(name.toLowerCase())) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined) {
    const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    lines.push(`--data-raw ${shellQuote(body)}`);
  }
  return lines.join(' \\\n  ');
}
