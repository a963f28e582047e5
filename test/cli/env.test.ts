/**
 * Env loading (flags > process.env > .env > .env.mock > bundled .env.mock), the shipped
 * .env.mock (every variable the code reads is documented there), and the mock secrets it marks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStackConfig, MOCK_JWT_SECRET } from '../../stack/config.js';
import { StackError } from '../../stack/lib/errors.js';
import { assertNoMockSecrets, MOCK_SECRETS } from '../../stack/lib/mock-secrets.js';
import { EXIT, ReosError, toReosError } from '../../src/errors.js';
import { loadEnvironment, packageRoot } from '../../src/runtime/env.js';
import { resolveUpConfig } from '../../src/runtime/up-config.js';
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

describe('resolveUpConfig', () => {
  it('lets flags win over every env source', () => {
    const { env } = loadEnvironment({ cwd: tempDir(), processEnv: { REOS_PORT: '9001', REOS_HOST: '0.0.0.0', LOG_LEVEL: 'debug', REOS_DATA_DIR: '/tmp/from-env' } });
    const fromEnv = resolveUpConfig(env, {}, 'test');
    expect(fromEnv).toMatchObject({ port: 9001, host: '0.0.0.0', logLevel: 'debug' });
    const config = resolveUpConfig(env, { port: 8123, host: '127.0.0.2', logLevel: 'warn', dataDir: '/tmp/from-flag' }, 'test');
    expect(config).toMatchObject({ port: 8123, host: '127.0.0.2', logLevel: 'warn' });
    expect(config.dataDir).toBe(path.resolve('/tmp/from-flag'));
  });
});

/** `NAME=value` or `# NAME=value` lines of .env.mock, with the comment block above each. */
function documented(text: string): Map<string, { value: string; commented: boolean; doc: string }> {
  const entries = new Map<string, { value: string; commented: boolean; doc: string }>();
  let doc: string[] = [];
  for (const line of text.split('\n')) {
    const entry = /^(# ?)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (entry) {
      entries.set(entry[2], { value: entry[3].replace(/^"(.*)"$/, '$1'), commented: Boolean(entry[1]), doc: doc.join('\n') });
    } else if (line.startsWith('#')) {
      doc.push(line);
    } else {
      doc = [];
    }
  }
  return entries;
}

/** Every environment variable named in the non-test sources of src/, stack/ and bin/. */
function variablesTheCodeReads(): Map<string, string> {
  const patterns = [/env\.([A-Z][A-Z0-9_]+)/g, /env\[['"]([A-Z][A-Z0-9_]+)['"]\]/g, /env, '([A-Z][A-Z0-9_]+)'/g, /env: '([A-Z][A-Z0-9_]+)'/g];
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (/\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        const source = fs.readFileSync(path.join(root, relative), 'utf8');
        for (const pattern of patterns) for (const match of source.matchAll(pattern)) if (!found.has(match[1])) found.set(match[1], relative);
      }
    }
  };
  ['src', 'stack', 'bin'].forEach(walk);
  // The `${{ env.NAME }}` scenario syntax, quoted in an error message, is not a variable.
  found.delete('NAME');
  // The system's program search path (the demo looks for a browser opener on it), not a reos setting.
  found.delete('PATH');
  return found;
}

describe('.env.mock', () => {
  const text = fs.readFileSync(bundled, 'utf8');
  const entries = documented(text);

  it('documents every variable the code reads, with a default and the modes that use it', () => {
    const read = variablesTheCodeReads();
    for (const name of MOCK_SECRETS.map((secret) => secret.name)) read.set(name, 'stack/lib/mock-secrets.ts');
    read.set('REOS_CACHE_DIR', 'stack/lib/cache-dir.ts');
    expect(read.size).toBeGreaterThan(30);
    const missing = [...read].filter(([name]) => !entries.has(name)).map(([name, file]) => `${name} (read in ${file})`);
    expect(missing).toEqual([]);
    const undocumented = [...entries]
      .filter(([, { doc }]) => !/\w{3,}/.test(doc) || !/Defaults?:/.test(doc) || !/Used by:|Default: unset/.test(doc))
      .map(([name]) => name);
    expect(undocumented, 'entries without a description, a default or the modes that use them').toEqual([]);
  });

  it('would catch an undocumented variable', () => {
    const partial = documented('# Does things. Default: 1. Used by: every mode.\nA_KNOWN=1\n');
    expect(partial.has('A_KNOWN')).toBe(true);
    expect(partial.has('JWT_SECRET')).toBe(false);
  });

  it('marks exactly the mock secrets MOCK-ONLY, with the values the stack refuses', () => {
    const marked = [...entries].filter(([, entry]) => /MOCK-ONLY VALUE/.test(entry.doc)).map(([name, entry]) => ({ name, value: entry.value }));
    expect(marked).toEqual(expect.arrayContaining(MOCK_SECRETS.map((secret) => ({ name: secret.name, value: secret.mockValue }))));
    expect(marked).toHaveLength(MOCK_SECRETS.length);
    for (const secret of MOCK_SECRETS) expect(secret.mockValue).toMatch(/^mock-only-/);
  });

  it('ships the mock JWT secret, marked mock-only, and leaves DATABASE_URL unset', () => {
    const values = parseEnv(text);
    expect(values.JWT_SECRET).toBe(MOCK_JWT_SECRET);
    expect(values.MOCK_MODE).toBe('true');
    expect(values.DATABASE_URL).toBeUndefined();
    expect(text).toMatch(/MOCK-ONLY/);
  });

  it('gives docker-compose.yml the same mock defaults', () => {
    const compose = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    for (const secret of MOCK_SECRETS) {
      if (compose.includes(`\${${secret.name}`)) expect(compose, secret.name).toContain(`\${${secret.name}:-${secret.mockValue}}`);
    }
  });
});

describe('mock secrets outside MOCK_MODE', () => {
  const real = { JWT_SECRET: 'a'.repeat(64) };

  it('refuses each one left at its mock value, naming it, as a usage error', () => {
    for (const secret of MOCK_SECRETS) {
      const env = { ...real, MOCK_MODE: 'false', [secret.name]: secret.mockValue };
      let caught: unknown;
      try {
        loadStackConfig(env);
      } catch (error) {
        caught = error;
      }
      expect(caught, secret.name).toBeInstanceOf(StackError);
      expect((caught as StackError).code).toBe('MOCK_SECRET_OUTSIDE_MOCK_MODE');
      expect((caught as StackError).message).toContain(secret.name);
      expect((caught as StackError).hint).toContain(secret.name);
      expect(toReosError(caught).exitCode).toBe(EXIT.usage);
    }
  });

  it('refuses an unset JWT_SECRET (it would fall back to the mock one), and names every offender at once', () => {
    expect(() => loadStackConfig({ MOCK_MODE: 'false' })).toThrow(/^JWT_SECRET is still the published mock value/);
    expect(() => assertNoMockSecrets({ POSTGRES_PASSWORD: 'mock-only-postgres-password' }, false)).toThrow(
      /^JWT_SECRET and POSTGRES_PASSWORD are still the published mock values from \.env\.mock while MOCK_MODE=false\.$/,
    );
  });

  it('accepts real values outside MOCK_MODE and mock values inside it', () => {
    expect(loadStackConfig({ ...real, MOCK_MODE: 'false', S3_SECRET_ACCESS_KEY: 'something-real' }).mockMode).toBe(false);
    const mock = Object.fromEntries(MOCK_SECRETS.map((secret) => [secret.name, secret.mockValue]));
    expect(loadStackConfig({ ...mock, MOCK_MODE: 'true' }).mockMode).toBe(true);
  });

  it('refuses the shipped .env.mock as it is once MOCK_MODE=false', () => {
    const { env } = loadEnvironment({ cwd: tempDir(), processEnv: { MOCK_MODE: 'false' } });
    expect(() => loadStackConfig(env)).toThrow(/JWT_SECRET/);
  });
});
