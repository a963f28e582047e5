/**
 * Helpers the kinds' `reevaluate` hooks share: a locator that points every recomputed
 * assertion at the step (locations are not compared), and reading a step's stored
 * expectations.
 */
import type { SourceLocation, StepResult } from '../../model.js';

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
