/**
 * The OpenAPI document is a reference a reader can use: every operation carries a tag that the
 * document's `tags` list declares (with a description), a summary and a description. A route
 * added without them fails here, naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

type Operation = { tags?: string[]; summary?: string; description?: string };
type Doc = { tags?: Array<{ name: string; description?: string }>; paths: Record<string, Record<string, Operation>> };

describe('OpenAPI document quality', () => {
  let t: TestApp;
  let doc: Doc;
  let operations: Array<{ name: string; op: Operation }>;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.send('GET', '/docs/openapi.json')).body;
    operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
  });
  afterAll(() => t.close());

  it('declares every tag once, with a description', () => {
    const names = (doc.tags ?? []).map((tag) => tag.name);
    expect(new Set(names).size).toBe(names.length);
    expect((doc.tags ?? []).filter((tag) => !tag.description?.trim()).map((tag) => tag.name)).toEqual([]);
  });

  it('tags every operation with a declared tag', () => {
    const declared = new Set((doc.tags ?? []).map((tag) => tag.name));
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter(({ op }) => !op.tags?.length).map((o) => o.name)).toEqual([]);
    expect(operations.filter(({ op }) => op.tags?.some((tag) => !declared.has(tag))).map((o) => `${o.name} [${o.op.tags?.join(', ')}]`)).toEqual([]);
  });

  it('gives every operation a summary and a description', () => {
    expect(operations.filter(({ op }) => !op.summary?.trim()).map((o) => o.name)).toEqual([]);
    expect(operations.filter(({ op }) => !op.description?.trim()).map((o) => o.name)).toEqual([]);
  });

  it('does not repeat the summary as the description', () => {
    expect(operations.filter(({ op }) => op.description?.trim() === op.summary?.trim()).map((o) => o.name)).toEqual([]);
  });
});
