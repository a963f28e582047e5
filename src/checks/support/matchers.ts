/**
 * Value matchers shared by every check kind: `{ eq, ne, gt, lt, gte, lte, contains, matches,
 * exists, type, length }`, or a bare scalar meaning `eq`. Each operator yields one
 * AssertionResult (plain data: expected, actual, passed, where it was written), never a throw.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AssertionResult, SourceLocation } from '../../model.js';

export const MATCHER_OPERATORS = ['eq', 'ne', 'gt', 'lt', 'gte', 'lte', 'contains', 'matches', 'exists', 'type', 'length'] as const;
export type MatcherOperator = (typeof MATCHER_OPERATORS)[number];
export const VALUE_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'] as const;

export type MatcherObject = Partial<Record<MatcherOperator, unknown>>;
/** A matcher as written: an operator object, or a scalar (shorthand for `eq`). */
export type Matcher = MatcherObject | string | number | boolean | null;

export interface MatchTarget {
  /** Label for reports: `$.token_type`, `header Retry-After`, `status`. */
  label: string;
  actual: unknown;
  /** Where the matcher was written; `[op]` is appended for each operator. */
  locate: (path: readonly (string | number)[]) => SourceLocation;
  /** Header values are strings: compare scalars as strings and numbers numerically. */
  stringly?: boolean;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

export function isMatcherObject(matcher: unknown): matcher is MatcherObject {
  return matcher !== null && typeof matcher === 'object' && !Array.isArray(matcher);
}

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value === undefined) return 'undefined';
  return typeof value;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value);
  return undefined;
}

function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  return undefined;
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return actual.includes(String(expected));
  if (Array.isArray(actual)) return actual.some((item) => isDeepStrictEqual(item, expected) || (isMatcherObject(expected) && containsAll(item, expected)));
  if (actual !== null && typeof actual === 'object') {
    return typeof expected === 'string' ? Object.hasOwn(actual, expected) : containsAll(actual, expected);
  }
  return false;
}

/** `expected` (an object) is a deep subset of `actual`. */
function containsAll(actual: unknown, expected: unknown): boolean {
  if (!isMatcherObject(expected) || actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) => {
    const inner = (actual as Record<string, unknown>)[key];
    return isMatcherObject(value) ? containsAll(inner, value) : isDeepStrictEqual(inner, value);
  });
}

function equals(actual: unknown, expected: unknown, stringly: boolean): boolean {
  if (stringly && typeof actual === 'string' && expected !== null && typeof expected !== 'object') return actual === String(expected);
  return isDeepStrictEqual(actual, expected);
}

function checkType(actual: unknown, expected: unknown): boolean {
  if (expected === 'integer') return Number.isInteger(actual);
  return typeOf(actual) === expected;
}

function order(actual: unknown, expected: unknown, test: (a: number, e: number) => boolean): boolean {
  const a = asNumber(actual);
  const e = asNumber(expected);
  return a !== undefined && e !== undefined && test(a, e);
}

function matches(actual: unknown, expected: unknown): boolean {
  if (typeof actual !== 'string' && typeof actual !== 'number') return false;
  try {
    return new RegExp(String(expected)).test(String(actual));
  } catch {
    return false;
  }
}

function evaluate(op: MatcherOperator, actual: unknown, expected: unknown, stringly: boolean): boolean {
  switch (op) {
    case 'eq':
      return equals(actual, expected, stringly);
    case 'ne':
      return !equals(actual, expected, stringly);
    case 'gt':
      return order(actual, expected, (a, e) => a > e);
    case 'lt':
      return order(actual, expected, (a, e) => a < e);
    case 'gte':
      return order(actual, expected, (a, e) => a >= e);
    case 'lte':
      return order(actual, expected, (a, e) => a <= e);
    case 'contains':
      return contains(actual, expected);
    case 'matches':
      return matches(actual, expected);
    case 'exists':
      return (actual !== undefined) === (expected !== false);
    case 'type':
      return checkType(actual, expected);
    case 'length':
      return false; // handled by matchValue (it nests a matcher)
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Evaluates every operator of `matcher` against `target.actual`: one result per operator. */
export function matchValue(target: MatchTarget, matcher: Matcher, path: readonly (string | number)[]): AssertionResult[] {
  const ops: MatcherObject = isMatcherObject(matcher) ? matcher : { eq: matcher };
  const shorthand = !isMatcherObject(matcher);
  const results: AssertionResult[] = [];
  for (const [op, expected] of Object.entries(ops) as [MatcherOperator, unknown][]) {
    const location = target.locate(shorthand ? path : [...path, op]);
    if (op === 'length') {
      const length = lengthOf(target.actual);
      if (length === undefined) {
        results.push({ label: `${target.label} length`, op, expected, actual: target.actual, passed: false, message: `${target.label} has no length (it is ${describe(target.actual)})`, location });
        continue;
      }
      const inner = matchValue({ ...target, label: `${target.label} length`, actual: length }, expected as Matcher, [...path, 'length']);
      results.push(...inner.map((r) => ({ ...r, op: `length ${r.op}` })));
      continue;
    }
    const passed = evaluate(op, target.actual, expected, target.stringly ?? false);
    results.push({
      label: target.label,
      op,
      expected,
      actual: target.actual,
      passed,
      ...(passed ? {} : { message: `expected ${target.label} ${op} ${describe(expected)}, got ${describe(target.actual)}` }),
      location,
    });
  }
  return results;
}
