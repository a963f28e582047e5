/** Folding a response for the audience, and the curl a presenter pastes. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCurl } from './curl.js';
import { viewBody } from './json-view.js';

const plain = new Chalk({ level: 0 });

describe('viewBody', () => {
  const body = { items: [1, 2, 3, 4, 5], deep: { a: { b: { c: { d: 1 } } } }, text: 'x'.repeat(150) };

  it('folds long lists, deep objects and long strings, and says it did', () => {
    const view = viewBody(body, plain, { fold: true });
    expect(view.folded).toBe(true);
    expect(view.text).toContain('… 2 more items');
    expect(view.text).toContain('{… 1 key}');
    expect(view.text).toContain(`"${'x'.repeat(100)}…"`);
    expect(() => JSON.parse(view.text)).toThrow();
  });

  it('shows everything, as valid JSON, when expanded', () => {
    const view = viewBody(body, plain, { fold: false });
    expect(view.folded).toBe(false);
    expect(JSON.parse(view.text)).toEqual(body);
  });

  it('colours keys and values when colours are on', () => {
    const text = viewBody({ a: 1 }, new Chalk({ level: 1 }), { fold: true }).text;
    expect(text).toContain('\u001b[36m"a"\u001b[39m');
    expect(text).toContain('\u001b[33m1\u001b[39m');
  });
});

describe('toCurl', () => {
  it('writes a request a shell runs as is', () => {
    const curl = toCurl({ method: 'POST', url: 'http://127.0.0.1:8000/leads', headers: { 'User-Agent': 'reos', Authorization: 'Bearer abc', 'Content-Type': 'application/json' }, body: { name: "O'Brien" } });
    expect(curl).toBe(`curl -sS -X POST http://127.0.0.1:8000/leads \\\n  -H 'Authorization: Bearer abc' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{"name":"O'\\''Brien"}'`);
    expect(shellQuote('http://x/y?a=1&b=2')).toBe(`'http://x/y?a=1&b=2'`);
  });
});
