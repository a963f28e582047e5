/**
 * Choosing and configuring the store: STORAGE_DRIVER and the S3_* variables (with defaults
 * that work in MOCK_MODE), a wrong driver name refused with a hint, an ephemeral stack's files
 * in a temporary directory removed on close, and the S3 driver through the real image routes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { loadStackConfig } from '../config.js';
import { createLogger } from '../lib/logger.js';
import { createTestApp, NO_RATE_LIMITS, type TestApp } from '../../test/support/app.js';
import { startLocalS3, type LocalS3 } from '../../test/support/s3rver.js';
import { createFsStore, openStorage } from './index.js';
import os from 'node:os';

describe('storage configuration', () => {
  it('defaults to files under the data dir, path-style S3 settings ready for MinIO', () => {
    const config = loadStackConfig({});
    expect(config.storage).toEqual({ driver: 'fs', s3: { endpoint: undefined, bucket: 'reos', region: 'us-east-1', accessKeyId: undefined, secretAccessKey: undefined, forcePathStyle: true } });
    expect(config.imageMaxBytes).toBe(5 * 1024 * 1024);
    expect(config.jobs.worker).toBe('inline');
  });

  it('reads the S3 variables and refuses an unknown driver or worker mode with a hint', () => {
    const config = loadStackConfig({ STORAGE_DRIVER: 'S3', S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'b', S3_REGION: 'eu-west-1', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_FORCE_PATH_STYLE: 'false', JOBS_WORKER: 'off' });
    expect(config.storage).toEqual({ driver: 's3', s3: { endpoint: 'http://minio:9000', bucket: 'b', region: 'eu-west-1', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: false } });
    expect(config.jobs.worker).toBe('off');
    expect(() => loadStackConfig({ STORAGE_DRIVER: 'gcs' })).toThrow(/STORAGE_DRIVER must be one of fs, s3/);
    expect(() => loadStackConfig({ JOBS_WORKER: 'maybe' })).toThrow(/JOBS_WORKER must be one of inline, off/);
  });

  it('keeps an ephemeral stack’s files in a temporary directory removed on close', async () => {
    const store = await openStorage({ ...loadStackConfig({}), ephemeral: true });
    await store.put('a/b.txt', new TextEncoder().encode('x'), { contentType: 'text/plain' });
    const root = store.location;
    expect(await fs.readFile(path.join(root, 'a', 'b.txt'), 'utf8')).toBe('x');
    await store.close();
    await expect(fs.stat(root)).rejects.toThrow();
  });

  it('refuses an S3 endpoint that does not answer, with a hint', async () => {
    const config = loadStackConfig({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'http://127.0.0.1:1', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    await expect(openStorage(config)).rejects.toMatchObject({ code: 'STORAGE_UNREACHABLE', hint: expect.stringMatching(/STORAGE_DRIVER=fs/) });
  });
});

describe('readiness', () => {
  it('reports the store and answers 503 when it cannot be written', async () => {
    const t = await createTestApp(NO_RATE_LIMITS);
    try {
      const ok = await t.send('GET', '/ready');
      expect(ok.status).toBe(200);
      expect(ok.body.checks['storage-fs:responseTime'][0]).toMatchObject({ componentType: 'datastore', status: 'pass' });
      // A root that is a file, not a folder: nothing can be stored there.
      const file = path.join(os.tmpdir(), `reos-not-a-dir-${process.pid}`);
      await fs.writeFile(file, 'x');
      const broken = createApp({ database: t.database, config: t.config, storage: createFsStore({ root: path.join(file, 'files') }), logger: createLogger({ level: 'silent' }) });
      const res = await broken.request('/ready');
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: Record<string, { status: string; output?: string }[]> };
      expect(body.status).toBe('fail');
      expect(body.checks['storage-fs:responseTime'][0].status).toBe('fail');
      await fs.rm(file, { force: true });
    } finally {
      await t.close();
    }
  });
});

describe('property images on the S3 driver', () => {
  let s3: LocalS3;
  let t: TestApp;
  beforeAll(async () => {
    s3 = await startLocalS3();
    t = await createTestApp(NO_RATE_LIMITS);
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
  });

  it('uploads and downloads through the API with objects in the bucket', async () => {
    const config = { ...t.config, storage: { driver: 's3' as const, s3: { endpoint: s3.endpoint, bucket: 'reos-images', region: 'us-east-1', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true } } };
    const storage = await openStorage(config);
    try {
      const app = createApp({ database: t.database, config, storage, logger: createLogger({ level: 'silent' }) });
      const user = await t.user();
      const auth = { Authorization: `Bearer ${user.token}` };
      const created = await app.request('/properties', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ address: '3 Bucket Rd', city: 'Reno', state: 'NV', zip: '89501' }) });
      const property = (await created.json()) as { id: string };
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'image/png' }), 'p.png');
      const uploaded = await app.request(`/properties/${property.id}/images`, { method: 'POST', headers: auth, body: form });
      expect(uploaded.status).toBe(201);
      const image = (await uploaded.json()) as { id: string; url: string };
      expect(await storage.list(`teams/${user.teamId}/`)).toEqual([`teams/${user.teamId}/properties/${property.id}/images/${image.id}`]);
      const download = await app.request(image.url, { headers: auth });
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
    } finally {
      await storage.close();
    }
  });
});
