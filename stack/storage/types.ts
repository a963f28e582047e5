/**
 * The object store the stack keeps files in (property images, memo PDFs): one interface, a
 * filesystem driver (embedded default) and an S3 driver (MinIO in docker mode, any
 * S3-compatible service in production). Keys are `/`-separated relative paths such as
 * `teams/<team>/properties/<id>/images/<image>`.
 */

export interface StoredObjectInfo {
  key: string;
  size: number;
  contentType: string;
}

export interface StoredObject extends StoredObjectInfo {
  body: Uint8Array;
}

export interface PutOptions {
  contentType: string;
}

export interface ObjectStore {
  /** `fs` or `s3`, for logs and health. */
  readonly kind: 'fs' | 's3';
  /** Human description: a directory or `s3://bucket`. */
  readonly location: string;
  /** Writes the object whole (a reader never sees half of it); replaces an existing one. */
  put(key: string, body: Uint8Array, options: PutOptions): Promise<StoredObjectInfo>;
  /** The object, or undefined when there is none. */
  get(key: string): Promise<StoredObject | undefined>;
  /** The object's size and type without its body, or undefined. */
  head(key: string): Promise<StoredObjectInfo | undefined>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Every key starting with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Rejects when the store cannot be used (root not writable, bucket unreachable): for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown for a key that is empty, absolute, or would leave the store's root (`..`). */
export class InvalidKeyError extends Error {
  constructor(key: string, why: string) {
    super(`Invalid storage key "${key}": ${why}`);
    this.name = 'InvalidKeyError';
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._=-]*$/;

/** Checks a key: relative, `/`-separated segments of safe characters, no `.` or `..`. */
export function assertValidKey(key: string): void {
  if (!key) throw new InvalidKeyError(key, 'empty');
  if (key.length > 1024) throw new InvalidKeyError(key, 'longer than 1024 characters');
  if (key.startsWith('/') || key.includes('\\')) throw new InvalidKeyError(key, 'must be a relative path with / separators');
  for (const segment of key.split('/')) {
    if (segment === '.' || segment === '..') throw new InvalidKeyError(key, 'must not contain . or .. segments');
    if (!SEGMENT.test(segment)) throw new InvalidKeyError(key, `segment "${segment}" must be letters, digits, . _ = - (not first)`);
  }
}

/** Checks a list prefix: empty, or a valid key followed by an optional trailing `/`. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  assertValidKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}
