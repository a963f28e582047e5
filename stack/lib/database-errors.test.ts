/**
 * Database failures are recognised wherever Drizzle or a driver put them in the cause chain.
 */
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUniqueViolation } from './database-errors.js';

const wrapped = (cause: unknown, levels: number): unknown => (levels === 0 ? cause : new Error('Failed query', { cause: wrapped(cause, levels - 1) }));

describe('isUniqueViolation', () => {
  it.each([0, 1, 3])('finds SQLSTATE 23505 %i levels down', (levels) => {
    expect(isUniqueViolation(wrapped(Object.assign(new Error('duplicate key'), { code: '23505' }), levels))).toBe(true);
  });

  it('ignores other codes, plain values and causes past the bounded depth', () => {
    expect(isUniqueViolation(Object.assign(new Error('x'), { code: '23503' }))).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation(wrapped({ code: '23505' }, 6))).toBe(false);
  });
});

describe('isDatabaseUnavailable', () => {
  it('finds a connection failure by code or message in the cause chain', () => {
    expect(isDatabaseUnavailable(wrapped({ code: 'ECONNREFUSED' }, 2))).toBe(true);
    expect(isDatabaseUnavailable(wrapped({ code: '57P01' }, 1))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(new Error('PGlite is closed'), 1))).toBe(true);
    expect(isDatabaseUnavailable(wrapped({ code: '23505' }, 1))).toBe(false);
  });
});
