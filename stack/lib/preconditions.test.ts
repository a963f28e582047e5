/**
 * The entity-tag comparisons of RFC 9110 section 8.8.3.2: weak for If-None-Match, strong for
 * If-Match, `*` matching any current version, and a 412 that names the object and its ETag.
 */
import { describe, expect, it } from 'vitest';
import { assertIfMatch, etagOf, isNotModified } from './preconditions.js';
import { ProblemError } from './problem.js';

const row = { version: 3 };

describe('etagOf', () => {
  it('is strong, quoted and moves with the version', () => {
    expect(etagOf(row)).toMatch(/^"[^"]+"$/);
    expect(etagOf({ version: 4 })).not.toBe(etagOf(row));
  });
});

describe('isNotModified', () => {
  it.each([etagOf(row), `W/${etagOf(row)}`, `"v1", ${etagOf(row)}`, '*', ' * '])('matches %s', (header) => {
    expect(isNotModified(header, row)).toBe(true);
  });

  it.each([undefined, '"v2"', 'v3', '', etagOf({ version: 33 })])('does not match %s', (header) => {
    expect(isNotModified(header, row)).toBe(false);
  });
});

describe('assertIfMatch', () => {
  it.each([undefined, etagOf(row), `"v1", ${etagOf(row)}`, '*'])('passes %s', (header) => {
    expect(() => assertIfMatch(header, row, 'deal')).not.toThrow();
  });

  it.each(['"v2"', `W/${etagOf(row)}`, 'v3', ''])('refuses %s with 412 naming the object and its current ETag', (header) => {
    let thrown: unknown;
    try {
      assertIfMatch(header, row, 'deal');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemError);
    const problem = thrown as ProblemError;
    expect(problem.status).toBe(412);
    expect(problem.init.detail).toMatch(/^The deal has changed/);
    expect(problem.init.detail).toContain(etagOf(row));
    expect(problem.init.headers).toEqual({ ETag: etagOf(row) });
  });
});
