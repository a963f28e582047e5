/**
 * Opens the object store the configuration names: `fs` (files under `<dataDir>/files`, or a
 * temporary directory removed on close for an ephemeral stack) or `s3`.
 *
 * @example
 * const storage = await openStorage(config);
 * await storage.put('teams/t1/memo.pdf', bytes, { contentType: 'application/pdf' });
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StackConfig } from '../config.js';
import { createFsStore } from './fs-store.js';
import { createS3Store } from './s3-store.js';
import type { ObjectStore } from './types.js';

export * from './types.js';
export { createFsStore } from './fs-store.js';
export { createS3Store } from './s3-store.js';

export async function openStorage(config: Pick<StackConfig, 'dataDir' | 'ephemeral' | 'storage'>): Promise<ObjectStore> {
  const { storage } = config;
  if (storage.driver === 's3') {
    return createS3Store({
      endpoint: storage.s3.endpoint,
      bucket: storage.s3.bucket,
      region: storage.s3.region,
      accessKeyId: storage.s3.accessKeyId,
      secretAccessKey: storage.s3.secretAccessKey,
      forcePathStyle: storage.s3.forcePathStyle,
    });
  }
  if (config.ephemeral) {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'reos-files-'));
    return createFsStore({ root, removeOnClose: true });
  }
  return createFsStore({ root: path.join(config.dataDir, 'files') });
}
