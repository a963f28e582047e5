import { describe, expect, it } from 'vitest';
import { JsonPathError, queryJsonPath, selectJsonPath } from '../../src/checks/support/jsonpath.js';
import { matchValue } from '../../src/checks/support/matchers.js';
import { statusMatches } from '../../src/checks/support/status.js';

const doc = {
  token_type: 'Bearer',
  items: [
    { id: 'a', address: '1 Main St', price: 10, tags: ['x'] },
    { id: 'b', address: '2 Side St', price: 30, meta: { 'odd key': true } },
  ],
  total: 2,
};

describe('JSONPath subset', () => {
  it('selects definite paths as one value and others as lists', () => {
    expect(selectJsonPath(doc, '$.token_type')).toBe('Bearer');
    expect(selectJsonPath(doc, '$.items[1].id')).toBe('b');
    expect(selectJsonPath(doc, '$.items[-1].price')).toBe(30);
    expect(selectJsonPath(doc, "$.items[1].meta['odd key']")).toBe(true);
    expect(selectJsonPath(doc, '$.missing')).toBeUndefined();
    expect(selectJsonPath(doc, '$.items[*].id')).toEqual(['a', 'b']);
    expect(selectJsonPath(doc, '$..price')).toEqual([10, 30]);
    expect(selectJsonPath(doc, "$.items[?(@.address == '2 Side St')].id")).toEqual(['b']);
    expect(selectJsonPath(doc, '$.items[?(@.price > 15)]')).toHaveLength(1);
    expect(selectJsonPath(doc, '$.items[?(@.tags)].id')).toEqual(['a']);
    expect(queryJsonPath(doc, '$').definite).toBe(true);
  });

  it('rejects what it cannot read', () => {
    expect(() => selectJsonPath(doc, 'items')).toThrow(JsonPathError);
    expect(() => selectJsonPath(doc, '$.items[')).toThrow('unclosed [');
  });
});

describe('matchers', () => {
  const locate = () => ({ file: 'f.yaml', line: 1, column: 1 });
  const passed = (actual: unknown, matcher: Parameters<typeof matchValue>[1], stringly = false) =>
    matchValue({ label: 'v', actual, locate, stringly }, matcher, []).map((r) => r.passed);

  it('evaluates each operator', () => {
    expect(passed('Bearer', 'Bearer')).toEqual([true]);
    expect(passed({ a: [1] }, { eq: { a: [1] } })).toEqual([true]);
    expect(passed(1, { ne: 2, gt: 0, lt: 2, gte: 1, lte: 1 })).toEqual([true, true, true, true, true]);
    expect(passed('hello world', { contains: 'lo w', matches: '^hel', length: 11 })).toEqual([true, true, true]);
    expect(passed(['a', 'b'], { contains: 'b', length: { gte: 2 } })).toEqual([true, true]);
    expect(passed({ a: 1, b: { c: 2 } }, { contains: { b: { c: 2 } } })).toEqual([true]);
    expect(passed(undefined, { exists: false })).toEqual([true]);
    expect(passed(null, { exists: true, type: 'null' })).toEqual([true, true]);
    expect(passed(3, { type: 'integer' })).toEqual([true]);
    expect(passed(3.5, { type: 'integer' })).toEqual([false]);
    expect(passed('42', { gte: 1 }, true)).toEqual([true]);
    expect(passed('60', 60, true)).toEqual([true]);
    expect(passed('60', 60)).toEqual([false]);
  });

  it('records expected, actual and a message when an operator fails', () => {
    const [result] = matchValue({ label: '$.token_type', actual: 'bearer', locate: (p) => ({ file: 'f.yaml', line: p.length, column: 3 }) }, { eq: 'Bearer' }, ['expect', 'jsonpath', '$.token_type']);
    expect(result).toEqual({
      label: '$.token_type',
      op: 'eq',
      expected: 'Bearer',
      actual: 'bearer',
      passed: false,
      message: 'expected $.token_type eq "Bearer", got "bearer"',
      location: { file: 'f.yaml', line: 4, column: 3 },
    });
    expect(matchValue({ label: 'n', actual: 5, locate }, { length: 1 }, [])[0]).toMatchObject({ passed: false, op: 'length', message: 'n has no length (it is 5)' });
  });

  it('matches statuses by code, class and list', () => {
    expect(statusMatches(201, 201)).toBe(true);
    expect(statusMatches(201, '2xx')).toBe(true);
    expect(statusMatches(404, [200, '4xx'])).toBe(true);
    expect(statusMatches(500, [200, '4xx'])).toBe(false);
    expect(statusMatches(undefined, '2xx')).toBe(false);
  });
});
