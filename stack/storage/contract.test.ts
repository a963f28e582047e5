/**
 * One contract, both drivers: the filesystem store in a temporary directory and the S3 store
 * against a local S3-compatible server (s3rver on a free port).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../test/support/s3rver.js';
import { createFsStore, createS3Store, InvalidKeyError, type ObjectStore } from './index.js';

interface Driver {
  name: string;
  open(): Promise<{ store: ObjectStore; dispose(): Promise<void> }>;
}

const drivers: Driver[] = [
  {
    name: 'fs',
    async open() {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'reos-store-'));
      const store = await createFsStore({ root });
      return { store, dispose: () => fs.rm(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 's3',
    async open() {
      const s3: LocalS3 = await startLocalS3();
      const store = await createS3Store({ ...s3, bucket: 'reos-contract', region: 'us-east-1', forcePathStyle: true });
      return { store, dispose: () => s3.close() };
    },
  },
];

const bytes = (text: string) => new TextEncoder().encode(text);

describe.each(drivers)('object store contract: $name', (driver) => {
  let store: ObjectStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await driver.open());
  });
  afterAll(async () => {
    await store.close();
    await dispose();
  });

  it('puts, heads and gets an object with its content type', async () => {
    const body = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const info = await store.put('teams/a/img/one.png', body, { contentType: 'image/png' });
    expect(info).toEqual({ key: 'teams/a/img/one.png', size: 8, contentType: 'image/png' });
    expect(await store.head('teams/a/img/one.png')).toEqual({ key: 'teams/a/img/one.png', size: 8, contentType: 'image/png' });
    const got = await store.get('teams/a/img/one.png');
    expect(got?.contentType).toBe('image/png');
    expect(Buffer.from(got!.body).equals(Buffer.from(body))).toBe(true);
  });

  it('answers a ping while usable', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('replaces an object on a second put', async () => {
    await store.put('teams/a/doc.txt', bytes('first'), { contentType: 'text/plain' });
    await store.put('teams/a/doc.txt', bytes('second!'), { contentType: 'text/markdown' });
    const got = await store.get('teams/a/doc.txt');
    expect(Buffer.from(got!.body).toString()).toBe('second!');
    expect(got?.contentType).toBe('text/markdown');
    expect(got?.size).toBe(7);
  });

  it('answers undefined for a missing object and deletes idempotently', async () => {
    expect(await store.get('teams/a/missing')).toBeUndefined();
    expect(await store.head('teams/a/missing')).toBeUndefined();
    await store.put('teams/a/gone.bin', bytes('x'), { contentType: 'application/octet-stream' });
    await store.delete('teams/a/gone.bin');
    expect(await store.head('teams/a/gone.bin')).toBeUndefined();
    await expect(store.delete('teams/a/gone.bin')).resolves.toBeUndefined();
  });

  it('lists keys under a prefix, sorted, and nothing of other prefixes', async () => {
    await store.put('teams/b/p1/x.bin', bytes('1'), { contentType: 'application/octet-stream' });
    await store.put('teams/b/p1/a.bin', bytes('2'), { contentType: 'application/octet-stream' });
    await store.put('teams/b/p2/y.bin', bytes('3'), { contentType: 'application/octet-stream' });
    expect(await store.list('teams/b/p1/')).toEqual(['teams/b/p1/a.bin', 'teams/b/p1/x.bin']);
    expect(await store.list('teams/b/')).toEqual(['teams/b/p1/a.bin', 'teams/b/p1/x.bin', 'teams/b/p2/y.bin']);
    expect(await store.list('teams/zzz/')).toEqual([]);
  });

  it.each(['../escape', 'teams/../../etc/passwd', '/abs/path', 'a//b', '', 'a/./b', 'back\\slash'])('refuses the key %j', async (key) => {
    await expect(store.put(key, bytes('x'), { contentType: 'text/plain' })).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
  });
});

describe('fs store specifics', () => {
  it('keeps objects inside the root and leaves no temporary files behind', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'reos-store-'));
    const store = await createFsStore({ root, removeOnClose: true });
    await store.put('a/b.txt', bytes('hello'), { contentType: 'text/plain' });
    expect(await fs.readFile(path.join(root, 'a', 'b.txt'), 'utf8')).toBe('hello');
    expect((await fs.readdir(path.join(root, 'a'))).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    await store.close();
    await expect(fs.stat(root)).rejects.toThrow();
  });
});
