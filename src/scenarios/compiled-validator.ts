/**
 * The scenario schema's Ajv validator, compiled once per machine. Compiling that schema (every
 * step kind, allErrors and verbose) costs 50-170 ms, more than the rest of a small
 * `reos verify --target` run, so Ajv's standalone code for it is kept in the reos cache folder
 * (REOS_CACHE_DIR, else $XDG_CACHE_HOME/reos or ~/.cache/reos, as the PGlite template) under a
 * key that covers the schema, Ajv's version and the options: a changed schema never meets a
 * stale validator. The code is what Ajv itself would have evaluated. Any cache problem falls
 * back to compiling: the cache only saves time.
 *
 * `npm run build` also writes the shipped schema's validator into the package
 * (dist/scenario-validator/, see `writeShippedValidator`), so a machine's first run does not
 * compile either; it is looked up under the same key, so a schema or Ajv that differs from the
 * build's simply misses it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv as AjvClass, Options, ValidateFunction } from 'ajv';
import { reosCacheDir } from '../../stack/lib/cache-dir.js';

const require = createRequire(import.meta.url);

export { reosCacheDir };

function cacheFile(schema: object, options: Options, dir: string): string {
  const { version } = require('ajv/package.json') as { version: string };
  const key = crypto.createHash('sha256').update(`${version}\n${JSON.stringify(options)}\n${JSON.stringify(schema)}`).digest('hex').slice(0, 16);
  return path.join(dir, `scenario-validator-${key}.cjs`);
}

/** Evaluates standalone code as a CommonJS module whose `require` resolves from reos's own folder. */
function evaluate(code: string): ValidateFunction {
  const module = { exports: {} as { default?: ValidateFunction } };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  if (typeof module.exports.default !== 'function') throw new Error('not a standalone validator');
  return module.exports.default;
}

/**
 * Only a file this user wrote is evaluated from the cache (a shared REOS_CACHE_DIR must not run
 * others' code); the package's own folder is trusted as its code is.
 */
function readOwnFile(file: string, anyOwner = false): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (!anyOwner && typeof process.getuid === 'function' && stat.uid !== process.getuid()) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { mode: 0o644 });
    fs.renameSync(tmp, file);
  } catch {
    // A read-only home or a full disk only costs the compile next time.
  }
}

/**
 * The validator for `schema` with these Ajv options: the cached standalone code when there is
 * one, else a fresh compile whose standalone code is cached for the next run.
 */
export function compiledValidator(schema: object, options: Options, dir = reosCacheDir(), shippedDir?: string): ValidateFunction {
  const file = cacheFile(schema, options, dir);
  const candidates = [readOwnFile(file), shippedDir === undefined ? undefined : readOwnFile(cacheFile(schema, options, shippedDir), true)];
  for (const code of candidates) {
    if (code === undefined) continue;
    try {
      return evaluate(code);
    } catch {
      // A truncated or foreign file: try the next, else compile below and overwrite the cache.
    }
  }
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: AjvClass, validate: ValidateFunction) => string }).default;
  const ajv = new Ajv({ ...options, code: { ...options.code, source: true } });
  const validate = ajv.compile(schema);
  writeAtomically(file, standaloneCode(ajv, validate));
  return validate;
}

/** Writes the validator's standalone code into `dir` (the build's dist/scenario-validator/); returns the file. */
export function writeShippedValidator(schema: object, options: Options, dir: string): string {
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: AjvClass, validate: ValidateFunction) => string }).default;
  const ajv = new Ajv({ ...options, code: { ...options.code, source: true } });
  const file = cacheFile(schema, options, dir);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, standaloneCode(ajv, ajv.compile(schema)));
  return file;
}
