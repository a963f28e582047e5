/**
 * The effective environment of a reos command. Sources, first one wins: process.env, then
 * `.env` and `.env.mock` in the working directory, then the `.env.mock` shipped with reos
 * (so `reos up` works from any folder). Flags are applied later by each command and win over
 * all of these. Parsing is node's own `util.parseEnv`: no dotenv.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { EXIT, ReosError } from '../errors.js';

export type EnvMap = Record<string, string | undefined>;

export interface LoadedEnvironment {
  env: EnvMap;
  /** Absolute paths of the env files that were read, highest precedence first. */
  files: string[];
}

export interface LoadEnvironmentOptions {
  cwd?: string;
  processEnv?: EnvMap;
  /** Where reos is installed; found from this module's location when not given. */
  packageRoot?: string;
}

export function loadEnvironment(options: LoadEnvironmentOptions = {}): LoadedEnvironment {
  const cwd = options.cwd ?? process.cwd();
  const candidates = [path.join(cwd, '.env'), path.join(cwd, '.env.mock'), path.join(options.packageRoot ?? packageRoot(), '.env.mock')];
  const env: EnvMap = {};
  for (const [name, value] of Object.entries(options.processEnv ?? process.env)) {
    if (value !== undefined) env[name] = value;
  }
  const files: string[] = [];
  // Run from the reos checkout itself, the cwd's .env.mock is the bundled one: read it once.
  for (const file of new Set(candidates.map((candidate) => path.resolve(candidate)))) {
    const content = readEnvFile(file);
    if (content === undefined) continue;
    files.push(file);
    for (const [name, value] of Object.entries(parseEnv(content))) {
      if (!(name in env)) env[name] = value;
    }
  }
  return { env, files };
}

/** What a command calls: the effective environment, with what stack modules need published. */
export function loadCommandEnvironment(): LoadedEnvironment {
  const loaded = loadEnvironment();
  publishToProcessEnv(loaded.env);
  return loaded;
}

/**
 * Copies variables that stack modules read from process.env directly (the PGlite template
 * cache reads REOS_CACHE_DIR) when only an env file set them, so `.env` is honoured there too.
 */
export function publishToProcessEnv(env: EnvMap, names: readonly string[] = ['REOS_CACHE_DIR']): void {
  for (const name of names) {
    if (process.env[name] === undefined && env[name] !== undefined) process.env[name] = env[name];
  }
}

function readEnvFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ReosError(`Cannot read the env file ${file} (${code ?? (error as Error).message}).`, {
      hint: 'Make it a readable file, or move it aside: reos reads .env and .env.mock from the current folder.',
      exitCode: EXIT.usage,
      code: 'ENV_FILE_UNREADABLE',
      cause: error,
    });
  }
}

let root: string | undefined;

/** The folder holding reos' package.json, from `src/runtime` (tsx) or `dist/src/runtime` (built). */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  root = dir;
  return root;
}
