/**
 * Helpers the kinds' `reevaluate` hooks share: a locator that points every recomputed
 * assertion at the step (locations are not compared), and reading a step's stored
 * expectations.
 */
import type { HttpExchange, ReevaluatedAssertion, SourceLocation, StepResult } from '../../model.js';
import { selectJsonPath } from './jsonpath.js';

export function stepLocator(step: StepResult): (path: readonly (string | number)[]) => SourceLocation {
  return () => step.location;
}

/** The step's stored expectations, or undefined for a pack written before they were stored. */
export function expectationsOf<T>(step: StepResult): T | undefined {
  return step.expectations as T | undefined;
}

/** A redaction marker inside a value (its comparison may depend on a value the pack hides). */
export function holdsRedaction(value: unknown): boolean {
  return value !== undefined && /\[REDACTED[\]:]/.test(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
}

/**
 * Marks the recomputed assertions whose input is a redacted value (a JSONPath selecting a
 * marker, a body holding one): comparing them with what the run saw would prove nothing, so
 * `reos evidence verify` reports a difference there as "not re-evaluated", not as tampering.
 */
export function flagRedacted(assertions: ReevaluatedAssertion[], exchange: HttpExchange, jsonpaths: string[] = []): ReevaluatedAssertion[] {
  const body = exchange.response?.body;
  const redactedPaths = jsonpaths.filter((path) => {
    try {
      return holdsRedaction(selectJsonPath(body, path));
    } catch {
      return false;
    }
  });
  return assertions.map((a) => {
    const fromPath = redactedPaths.some((path) => a.label === path || a.label.startsWith(`${path} `));
    const fromBody = a.label === 'body' && holdsRedaction(exchange.response?.bodyText);
    return fromPath || fromBody ? { ...a, redacted: true as const } : a;
  });
}
