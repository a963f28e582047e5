/**
 * Reads the `Idempotency-Key` request header. The IETF draft makes it a Structured Field
 * string (`"abc"`); most clients (Stripe's, the seed's curl) send it bare (`abc`). Both are
 * accepted and mean the same key. Anything else is a 400 problem: empty, over 255 characters,
 * or not printable ASCII.
 */
import { ProblemError } from '../problem.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const MAX_KEY_LENGTH = 255;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function malformed(detail: string): ProblemError {
  return new ProblemError(400, {
    detail: `${detail} Send \`Idempotency-Key\` as 1 to ${MAX_KEY_LENGTH} printable ASCII characters, for example a UUID.`,
    errors: [{ detail, parameter: IDEMPOTENCY_HEADER }],
  });
}

/**
 * The key the header carries, or a 400 `ProblemError`.
 *
 * @example
 * parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"'); // '8e03978e-40d5-43e8-bc93-6894a57f9324'
 */
export function parseIdempotencyKey(header: string): string {
  let key = header.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (key.length === 0) throw malformed('The Idempotency-Key header is empty.');
  if (key.length > MAX_KEY_LENGTH) throw malformed(`The Idempotency-Key header is ${key.length} characters long.`);
  if (!PRINTABLE_ASCII.test(key)) throw malformed('The Idempotency-Key header holds characters other than printable ASCII.');
  return key;
}
