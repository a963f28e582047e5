/**
 * The answer to a send the provider could not take: 502 (refused, garbage, unreachable) or 504
 * (too slow) problem+json naming the communication, which is already recorded as `failed` with
 * the error, and whether trying again can help.
 */
import { ProblemError } from '../lib/problem.js';
import type { CommunicationRow } from './store.js';

export function deliveryFailed(row: CommunicationRow, error: Error & { retryable: boolean }, status: 502 | 504): ProblemError {
  return new ProblemError(status, {
    detail: `${error.message} The ${row.channel} is recorded as failed (communication ${row.id}).`,
    extensions: { communication_id: row.id, retryable: error.retryable },
  });
}
