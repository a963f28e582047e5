/**
 * The filesystem driver: objects are files under a root directory (`<dataDir>/files`), their
 * content type in a sidecar `<file>.meta.json`. Writes go to a temporary file in the same
 * directory and are renamed into place, so a reader or a crash never sees half an object.
 * Keys are validated and resolved under the root: nothing can escape it.
 */
import crypto from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertValidKey, assertValidPrefix, InvalidKeyError, type ObjectStore, type StoredObjectInfo } from './types.js';

const META_SUFFIX = '.meta.json';
const TEMP_PREFIX = '.tmp-';

export interface FsStoreOptions {
  root: string;
  /** Remove the whole root on close (ephemeral stacks). */
  removeOnClose?: boolean;
}

/** Nothing is touched until the first write: directories are made as objects need them. */
export function createFsStore(options: FsStoreOptions): ObjectStore {
  const root = path.resolve(options.root);

  function fileOf(key: string): string {
    assertValidKey(key);
    if (key.endsWith(META_SUFFIX)) throw new InvalidKeyError(key, `must not end with ${META_SUFFIX}`);
    const file = path.resolve(root, ...key.split('/'));
    // Belt and braces: the segment rules already forbid `..`, but the resolved path decides.
    if (!file.startsWith(root + path.sep)) throw new InvalidKeyError(key, 'resolves outside the storage root');
    return file;
  }

  async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
    const temp = path.join(path.dirname(file), `${TEMP_PREFIX}${crypto.randomUUID()}`);
    try {
      await fs.writeFile(temp, data);
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  async function readMeta(file: string): Promise<{ contentType: string } | undefined> {
    try {
      return JSON.parse(await fs.readFile(file + META_SUFFIX, 'utf8')) as { contentType: string };
    } catch {
      return undefined;
    }
  }

  async function head(key: string): Promise<StoredObjectInfo | undefined> {
    const file = fileOf(key);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return undefined;
    const meta = await readMeta(file);
    return { key, size: stat.size, contentType: meta?.contentType ?? 'application/octet-stream' };
  }

  async function walk(dir: string, prefix: string, out: string[]): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_PREFIX)) continue;
      const key = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), key, out);
      else if (entry.isFile() && !entry.name.endsWith(META_SUFFIX)) out.push(key);
    }
  }

  return {
    kind: 'fs',
    location: root,
    async put(key, body, { contentType }) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // The type first: a reader that finds the object finds its type too.
      await writeAtomically(file + META_SUFFIX, JSON.stringify({ contentType }));
      await writeAtomically(file, body);
      return { key, size: body.byteLength, contentType };
    },
    async get(key) {
      const info = await head(key);
      if (!info) return undefined;
      const body = await fs.readFile(fileOf(key)).catch(() => undefined);
      return body ? { ...info, size: body.byteLength, body: new Uint8Array(body) } : undefined;
    },
    head,
    async delete(key) {
      const file = fileOf(key);
      await fs.rm(file, { force: true });
      await fs.rm(file + META_SUFFIX, { force: true });
    },
    async list(prefix) {
      assertValidPrefix(prefix);
      const keys: string[] = [];
      // Walk only the directory the prefix names, not the whole store.
      const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      await walk(dir ? path.join(root, ...dir.split('/')) : root, dir, keys);
      return keys.filter((k) => k.startsWith(prefix)).sort();
    },
    async ping() {
      await fs.mkdir(root, { recursive: true });
      await fs.access(root, fsConstants.W_OK);
    },
    async close() {
      if (options.removeOnClose) await fs.rm(root, { recursive: true, force: true });
    },
  };
}
