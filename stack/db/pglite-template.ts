/**
 * A cache of initialised-and-migrated PGlite data directories. PGlite's initdb costs 2.5-3.5 s
 * on this class of machine while loading a dumped directory costs under 1 s, so every new or
 * in-memory database after the first one on a machine starts from the cached dump. The key
 * covers the PGlite version and the migrations, so a schema change never loads a stale dump.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { reosCacheDir } from '../lib/cache-dir.js';
import { migrationsFolder } from './paths.js';


let cachedKey: string | undefined;

/** Hash of the PGlite build and every migration file: the identity of a migrated template. */
export function templateKey(pgliteVersion: string): string {
  if (cachedKey) return cachedKey;
  const hash = crypto.createHash('sha256').update(pgliteVersion);
  const journal = path.join(migrationsFolder(), 'meta', '_journal.json');
  hash.update(fs.readFileSync(journal));
  for (const file of fs.readdirSync(migrationsFolder()).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(fs.readFileSync(path.join(migrationsFolder(), file)));
  }
  cachedKey = hash.digest('hex').slice(0, 16);
  return cachedKey;
}

export function templatePath(key: string): string {
  return path.join(reosCacheDir(), `pglite-template-${key}.tar.gz`);
}

/** The cached dump as a Blob for `loadDataDir`, or undefined when there is none yet. */
export function readTemplate(key: string): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(templatePath(key))]);
  } catch {
    return undefined;
  }
}

/** Dumps a freshly migrated database into the cache; written to a temp name then renamed. */
export async function writeTemplate(key: string, db: PGlite): Promise<void> {
  try {
    const file = templatePath(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const dump = await db.dumpDataDir('gzip');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  } catch {
    // The cache only saves time; a read-only home or full disk must not stop the stack.
  }
}
