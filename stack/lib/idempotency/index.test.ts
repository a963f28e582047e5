/**
 * The Idempotency-Key middleware on the real app, with test-only routes added after it: a slow
 * handler (to hold a request in flight), one that throws, one that answers an error, one with
 * a binary body. Each counts its executions, so "exactly one side effect" is measured, not assumed.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/support/app.js';
import { idempotencyKeys } from '../../db/schema.js';
import { ProblemError } from '../problem.js';
import { canonicalJson, requestFingerprint } from './fingerprint.js';
import { parseIdempotencyKey } from './key.js';
import { purgeExpiredKeys } from './store.js';

const runs: Record<string, number> = {};
const count = (name: string) => (runs[name] = (runs[name] ?? 0) + 1);
let releaseSlow: () => void = () => undefined;

function addTestRoutes(t: TestApp): void {
  t.app.post('/test-only/slow', async (c) => {
    count('slow');
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    return c.json({ run: runs.slow }, 201);
  });
  t.app.post('/test-only/boom', async (c) => {
    const n = count('boom');
    if (n === 1) throw new Error('transient failure');
    return c.json({ run: n }, 201);
  });
  t.app.post('/test-only/conflict', async () => {
    count('conflict');
    throw new ProblemError(409, { detail: 'business rule refused it' });
  });
  t.app.post('/test-only/binary', (c) => {
    count('binary');
    return c.body(new Uint8Array([0, 255, 128, 10, 13, 0xc3]), 200, { 'Content-Type': 'application/octet-stream', ETag: '"b1"' });
  });
}

const key = () => `k-${crypto.randomUUID()}`;

describe('idempotency middleware', { timeout: 30_000 }, () => {
  let t: TestApp;
  let alice: TestUser;
  const post = (path: string, k: string | undefined, body: unknown = {}, token = alice.token) =>
    t.send('POST', path, { token, body, headers: k === undefined ? {} : { 'Idempotency-Key': k } });

  beforeAll(async () => {
    t = await createTestApp();
    addTestRoutes(t);
    alice = await t.user({ role: 'agent' });
  }, 60_000);
  afterAll(() => t.close());

  it('fingerprints the canonical body: key order and spacing do not matter, values do', () => {
    expect(canonicalJson({ b: [2, { y: 1, x: 2 }], a: 'é' })).toBe('{"a":"é","b":[2,{"x":2,"y":1}]}');
    const f = (body: string, path = '/properties') => requestFingerprint('POST', path, body);
    expect(f('{"a":1,"b":2}')).toBe(f('{ "b": 2, "a": 1 }'));
    expect(f('{"a":1}')).not.toBe(f('{"a":2}'));
    expect(f('{"a":1}')).not.toBe(f('{"a":1}', '/leads'));
    expect(f('not json')).not.toBe(f('not  json'));
  });

  it('accepts a bare or structured-field key and refuses malformed ones', () => {
    expect(parseIdempotencyKey('abc-123')).toBe('abc-123');
    expect(parseIdempotencyKey('"abc-123"')).toBe('abc-123');
    expect(parseIdempotencyKey('x'.repeat(255))).toHaveLength(255);
    for (const bad of ['', '   ', '""', 'x'.repeat(256), 'clé', 'tab\there']) {
      expect(() => parseIdempotencyKey(bad), JSON.stringify(bad)).toThrow(ProblemError);
    }
  });

  it('answers a duplicate with 409 while the first runs, then replays the first response', async () => {
    const k = key();
    const first = post('/test-only/slow', k);
    await expect.poll(() => runs.slow).toBe(1);
    const duplicate = await post('/test-only/slow', k);
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toBe('application/problem+json');
    expect(duplicate.headers.get('retry-after')).toBe('1');
    expect(duplicate.body).toMatchObject({ status: 409, type: 'https://reos.dev/problems/idempotency-key-in-use' });
    releaseSlow();
    const done = await first;
    expect(done.status).toBe(201);
    const replay = await post('/test-only/slow', k);
    expect(replay.status).toBe(201);
    expect(replay.text).toBe(done.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(runs.slow).toBe(1);
  });

  it('releases the key when the execution throws, so a retry runs and is then stored', async () => {
    const k = key();
    const failed = await post('/test-only/boom', k);
    expect(failed.status).toBe(500);
    const retried = await post('/test-only/boom', k);
    expect(retried.status).toBe(201);
    const replay = await post('/test-only/boom', k);
    expect(replay.text).toBe(retried.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(runs.boom).toBe(2);
  });

  it('stores an error the endpoint answered and replays it without running again', async () => {
    const k = key();
    const first = await post('/test-only/conflict', k);
    expect(first.status).toBe(409);
    const replay = await post('/test-only/conflict', k);
    expect(replay.status).toBe(409);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('content-type')).toBe('application/problem+json');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(runs.conflict).toBe(1);
  });

  it('replays a binary body byte for byte with its ETag', async () => {
    const k = key();
    const first = await t.app.request('/test-only/binary', { method: 'POST', headers: { Authorization: `Bearer ${alice.token}`, 'Idempotency-Key': k } });
    const replay = await t.app.request('/test-only/binary', { method: 'POST', headers: { Authorization: `Bearer ${alice.token}`, 'Idempotency-Key': k } });
    expect(new Uint8Array(await replay.arrayBuffer())).toEqual(new Uint8Array(await first.arrayBuffer()));
    expect(replay.headers.get('etag')).toBe('"b1"');
    expect(replay.headers.get('content-type')).toBe('application/octet-stream');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(runs.binary).toBe(1);
  });

  it('stores nothing for a request without a valid token: requireAuth answers 401 and the key stays free', async () => {
    const k = key();
    const anonymous = await post('/properties', k, { address: '1 Main St', city: 'X', state: 'CA', zip: '90001' }, '');
    expect(anonymous.status).toBe(401);
    const rows = await t.database.db.select().from(idempotencyKeys).where(sql`${idempotencyKeys.key} = ${k}`);
    expect(rows).toHaveLength(0);
  });

  it('ignores the header on GET and on /auth', async () => {
    const k = key();
    const get = await t.send('GET', '/properties', { token: alice.token, headers: { 'Idempotency-Key': k } });
    expect(get.headers.get('idempotent-replayed')).toBeNull();
    await t.send('POST', '/auth/login', { body: { email: 'nobody@example.test', password: 'x' }, headers: { 'Idempotency-Key': k, Authorization: `Bearer ${alice.token}` } });
    const rows = await t.database.db.select().from(idempotencyKeys).where(sql`${idempotencyKeys.key} = ${k}`);
    expect(rows).toHaveLength(0);
  });

  it('purges expired keys and only those', async () => {
    const expired = key();
    const live = key();
    await post('/test-only/conflict', expired);
    await post('/test-only/conflict', live);
    await t.database.db.execute(sql`update idempotency_keys set expires_at = now() - interval '1 second' where key = ${expired}`);
    expect(await purgeExpiredKeys(t.database.db)).toBeGreaterThanOrEqual(1);
    const left = await t.database.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(sql`${idempotencyKeys.key} in (${expired}, ${live})`);
    expect(left.map((r) => r.key)).toEqual([live]);
  });
});
