/** The scenario validator comes from the cache, else from the build's precompiled copy, else a compile. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledValidator, writeShippedValidator } from '../../src/scenarios/compiled-validator.js';

const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
const options = { allErrors: true, strict: true };
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-validator-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('compiledValidator', () => {
  it('uses the shipped precompiled validator and leaves the cache alone', () => {
    const shipped = tempDir();
    const cache = tempDir();
    const file = writeShippedValidator(schema, options, shipped);
    // Mark the shipped code so the test knows it is what ran.
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}\nmodule.exports.default.fromShipped = true;\n`);
    const validate = compiledValidator(schema, options, cache, shipped);
    expect((validate as unknown as { fromShipped?: boolean }).fromShipped).toBe(true);
    expect(validate({ name: 'x' })).toBe(true);
    expect(validate({ name: 1 })).toBe(false);
    expect(fs.readdirSync(cache)).toEqual([]);
  });

  it('misses a shipped validator built for another schema, compiles, and caches the result', () => {
    const shipped = tempDir();
    const cache = tempDir();
    writeShippedValidator({ ...schema, required: [] }, options, shipped);
    const validate = compiledValidator(schema, options, cache, shipped);
    expect(validate({})).toBe(false);
    expect(fs.readdirSync(cache)).toHaveLength(1);
  });

  it('compiles when the shipped file is broken', () => {
    const shipped = tempDir();
    const cache = tempDir();
    fs.writeFileSync(writeShippedValidator(schema, options, shipped), 'this is not javascript {');
    const validate = compiledValidator(schema, options, cache, shipped);
    expect(validate({ name: 'x' })).toBe(true);
    expect(validate({})).toBe(false);
    expect(fs.readdirSync(cache)).toHaveLength(1);
  });
});
