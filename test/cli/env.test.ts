/** Env loading (flags > process.env > .env > .env.mock > bundled .env.mock) and the shipped .env.mock. */
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MOCK_JWT_SECRET } from '../../stack/config.js';
import { EXIT, ReosError } from '../../src/errors.js';
import { loadEnvironment, packageRoot } from '../../src/runtime/env.js';
import { removeTemps, root, tempDir } from './helpers.js';

afterAll(removeTemps);

const bundled = path.join(root, '.env.mock');

describe('loadEnvironment', () => {
  it('lets process.env win over .env, .env over .env.mock, and falls back to the bundled file', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, '.env'), 'A=from-env-file\nB=from-env-file\n');
    fs.writeFileSync(path.join(cwd, '.env.mock'), 'A=from-mock\nB=from-mock\nC=from-mock\n');
    const { env, files } = loadEnvironment({ cwd, processEnv: { A: 'from-process' } });
    expect(env.A).toBe('from-process');
    expect(env.B).toBe('from-env-file');
    expect(env.C).toBe('from-mock');
    expect(env.JWT_ISSUER).toBe('reos');
    expect(files).toEqual([path.join(cwd, '.env'), path.join(cwd, '.env.mock'), bundled]);
  });

  it('reads only the bundled .env.mock from a folder without env files', () => {
    const { files } = loadEnvironment({ cwd: tempDir(), processEnv: {} });
    expect(files).toEqual([bundled]);
  });

  it('reads the bundled file once when run from the reos folder itself', () => {
    const { files } = loadEnvironment({ cwd: root, processEnv: {} });
    expect(files.filter((file) => file === bundled)).toHaveLength(1);
  });

  it('finds the package root from its own location', () => {
    expect(packageRoot()).toBe(root);
  });

  it('refuses an unreadable .env with a usage error', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.env'));
    let caught: unknown;
    try {
      loadEnvironment({ cwd, processEnv: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReosError);
    expect((caught as ReosError).exitCode).toBe(EXIT.usage);
    expect((caught as ReosError).message).toContain('.env');
  });
});

describe('.env.mock', () => {
  const text = fs.readFileSync(bundled, 'utf8');

  it('documents every variable the stack configuration reads', () => {
    // config.ts reads most variables; the rate-limit policies name theirs in a table.
    const source = ['stack/config.ts', 'stack/lib/rate-limit/policies.ts']
      .filter((file) => fs.existsSync(path.join(root, file)))
      .map((file) => fs.readFileSync(path.join(root, file), 'utf8'))
      .join('\n');
    const patterns = [/env\.([A-Z][A-Z0-9_]+)/g, /env, '([A-Z][A-Z0-9_]+)'/g, /env: '([A-Z][A-Z0-9_]+)'/g];
    const read = new Set(patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1])));
    read.add('REOS_CACHE_DIR');
    expect(read.size).toBeGreaterThan(8);
    for (const name of read) expect(text, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });

  it('ships the mock JWT secret, marked mock-only, and leaves DATABASE_URL unset', () => {
    const values = parseEnv(text);
    expect(values.JWT_SECRET).toBe(MOCK_JWT_SECRET);
    expect(values.MOCK_MODE).toBe('true');
    expect(values.DATABASE_URL).toBeUndefined();
    expect(text).toMatch(/MOCK-ONLY/);
  });
});
