/**
 * The folder reos keeps machine-local caches in (the migrated PGlite template, the compiled
 * scenario validator): REOS_CACHE_DIR, else $XDG_CACHE_HOME/reos, else ~/.cache/reos. Caches
 * only save time; everything works, slower, when the folder cannot be written.
 */
import os from 'node:os';
import path from 'node:path';

export function reosCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REOS_CACHE_DIR) return env.REOS_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'reos');
}
