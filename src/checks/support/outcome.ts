/** What a check kind's `run` returns, and the one rule for its status: every assertion passed. */
import type { AssertionResult, HttpExchange, StepResult } from '../../model.js';

export type CheckOutcome = Omit<StepResult, 'id' | 'kind' | 'name' | 'location' | 'startedAt' | 'durationMs'>;

export function outcome(parts: {
  assertions: AssertionResult[];
  captures?: Record<string, unknown>;
  exchanges?: HttpExchange[];
  details?: Record<string, unknown>;
  /** The resolved expectations, stored in the pack for offline re-evaluation. */
  expectations?: Record<string, unknown>;
}): CheckOutcome {
  return {
    status: parts.assertions.every((a) => a.passed) ? 'passed' : 'failed',
    assertions: parts.assertions,
    captures: parts.captures ?? {},
    exchanges: parts.exchanges ?? [],
    ...(parts.details ? { details: parts.details } : {}),
    ...(parts.expectations ? { expectations: parts.expectations } : {}),
  };
}

/** A step that could not be carried out (network failure, bad input): status `error`. */
export function errored(reason: string, parts: { exchanges?: HttpExchange[]; assertions?: AssertionResult[]; details?: Record<string, unknown> } = {}): CheckOutcome {
  return { status: 'error', reason, assertions: parts.assertions ?? [], captures: {}, exchanges: parts.exchanges ?? [], ...(parts.details ? { details: parts.details } : {}) };
}

/** A step that does not apply to this target (e.g. no logs from a remote API): status `skipped`. */
export function skipped(reason: string): CheckOutcome {
  return { status: 'skipped', reason, assertions: [], captures: {}, exchanges: [] };
}
