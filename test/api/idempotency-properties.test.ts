/**
 * Idempotency-Key on POST /properties, as the seed's runbook (section 2.6) proves it: the same
 * request twice gives byte-identical bodies and one row; plus the contract's other lines
 * (mismatch 422, malformed 400, caller scope, expiry, validation not stored) and exactly one
 * side effect under 50 concurrent requests, on one app and on two apps sharing one database.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../stack/app.js';
import { openDatabase, type Database } from '../../stack/db/client.js';
import { properties } from '../../stack/db/schema.js';
import { createLogger } from '../../stack/lib/logger.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { backend } from '../support/backend.js';

const seedBody = { address: '456 Idempotent Ave', city: 'Test City', state: 'CA', zip: '90001' };

async function countByAddress(database: Database, teamId: string, address: string): Promise<number> {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(properties)
    .where(and(eq(properties.teamId, teamId), eq(properties.address, address)));
  return Number(row.n);
}

async function postProperty(app: App, token: string, key: string, body: unknown): Promise<Response> {
  return app.request('/properties', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
}

describe('Idempotency-Key on POST /properties', { timeout: 60_000 }, () => {
  let t: TestApp;
  let alice: TestUser;
  const create = (key: string | undefined, body: unknown, token = alice.token) =>
    t.send('POST', '/properties', { token, body, headers: key === undefined ? {} : { 'Idempotency-Key': key } });

  beforeAll(async () => {
    t = await createTestApp();
    alice = await t.user({ role: 'agent' });
  }, 60_000);
  afterAll(() => t.close());

  it('replays the seed pair byte for byte with Idempotent-Replayed: true and makes one row', async () => {
    const key = crypto.randomUUID();
    const first = await create(key, seedBody);
    const second = await create(key, seedBody);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    for (const header of ['content-type', 'location', 'etag']) expect(second.headers.get(header), header).toBe(first.headers.get(header));
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(await countByAddress(t.database, alice.teamId, seedBody.address)).toBe(1);
  });

  it('treats the same JSON with other key order and spacing as the same request', async () => {
    const key = crypto.randomUUID();
    const body = { ...seedBody, address: '1 Reordered Rd' };
    const first = await create(key, body);
    const reordered = `{ "zip": "90001", "state": "CA", "city": "Test City", "address": "1 Reordered Rd" }`;
    const second = await create(key, reordered);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.text).toBe(first.text);
  });

  it('refuses the same key with another payload: 422 problem, nothing created', async () => {
    const key = crypto.randomUUID();
    await create(key, { ...seedBody, address: '10 First Payload St' });
    const other = await create(key, { ...seedBody, address: '11 Other Payload St' });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(other.body).toMatchObject({ status: 422, type: 'https://reos.dev/problems/idempotency-key-reused' });
    expect(await countByAddress(t.database, alice.teamId, '11 Other Payload St')).toBe(0);
  });

  it.each([
    ['empty', ''],
    ['over 255 characters', 'k'.repeat(256)],
    ['not printable ASCII', 'clé-é'],
  ])('refuses a malformed key (%s) with 400 problem, nothing created', async (_what, key) => {
    const address = `400 ${crypto.randomUUID()}`;
    const res = await create(key, { ...seedBody, address });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, errors: [{ parameter: 'Idempotency-Key' }] });
    expect(await countByAddress(t.database, alice.teamId, address)).toBe(0);
  });

  it('behaves normally without the header: two requests, two rows', async () => {
    const body = { ...seedBody, address: '2 No Key Ln' };
    expect((await create(undefined, body)).status).toBe(201);
    expect((await create(undefined, body)).status).toBe(201);
    expect(await countByAddress(t.database, alice.teamId, body.address)).toBe(2);
  });

  it('scopes keys to the caller: user B with A’s key runs as new and never sees A’s response', async () => {
    const bob = await t.user({ role: 'agent', teamId: alice.teamId });
    const key = crypto.randomUUID();
    const body = { ...seedBody, address: '3 Shared Key Ct' };
    const fromAlice = await create(key, body);
    const fromBob = await create(key, body, bob.token);
    expect(fromBob.status).toBe(201);
    expect(fromBob.headers.get('idempotent-replayed')).toBeNull();
    expect(fromBob.body.id).not.toBe(fromAlice.body.id);
    expect(await countByAddress(t.database, alice.teamId, body.address)).toBe(2);
  });

  it('does not store a request refused by validation: the key then serves a corrected request', async () => {
    const key = crypto.randomUUID();
    const invalid = await create(key, { ...seedBody, address: '4 Invalid Way', zip: 'nope' });
    expect(invalid.status).toBe(422);
    const corrected = await create(key, { ...seedBody, address: '4 Invalid Way' });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });

  it('does not store a 403: a viewer’s refused request leaves the key unused', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: alice.teamId });
    const key = crypto.randomUUID();
    expect((await create(key, seedBody, viewer.token)).status).toBe(403);
    expect((await create(key, seedBody, viewer.token)).headers.get('idempotent-replayed')).toBeNull();
  });

  it('creates exactly one row from 50 concurrent requests with one key; the rest get 409 or the replay', async () => {
    const key = crypto.randomUUID();
    const body = { ...seedBody, address: '50 Concurrent Blvd' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => postProperty(t.app, alice.token, key, body)));
    const texts = await Promise.all(answers.map((r) => r.text()));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409), statuses.join(',')).toBe(true);
    const created = texts.filter((_, i) => statuses[i] === 201);
    expect(new Set(created).size).toBe(1);
    expect(answers.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'))).toHaveLength(1);
    expect(await countByAddress(t.database, alice.teamId, body.address)).toBe(1);
  });

  it('creates exactly one row from 50 concurrent requests spread over two app instances on one database', async () => {
    // PostgreSQL: a second connection pool on the same database, as a second replica would have.
    const second = backend === 'postgres' ? await openDatabase({ databaseUrl: poolUrl(t.database), migrate: false, poolSize: 5 }) : t.database;
    try {
      const replica = createApp({ database: second, config: t.config, logger: createLogger({ level: 'silent' }) });
      const key = crypto.randomUUID();
      const body = { ...seedBody, address: '2 Replicas Plaza' };
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => postProperty(i % 2 ? replica : t.app, alice.token, key, body)));
      const statuses = answers.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409), statuses.join(',')).toBe(true);
      expect(await countByAddress(t.database, alice.teamId, body.address)).toBe(1);
      // Once done, either replica replays it.
      const later = await postProperty(replica, alice.token, key, body);
      expect(later.status).toBe(201);
      expect(later.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      if (second !== t.database) await second.close();
    }
  });
});

describe('Idempotency-Key expiry', { timeout: 60_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ idempotencyTtlSeconds: 1 });
  }, 60_000);
  afterAll(() => t.close());

  it('forgets a key after IDEMPOTENCY_TTL_SECONDS: the same request then runs again', async () => {
    const alice = await t.user({ role: 'agent' });
    const key = crypto.randomUUID();
    const body = { ...seedBody, address: '5 Expiry Row' };
    const send = (b: unknown) => t.send('POST', '/properties', { token: alice.token, body: b, headers: { 'Idempotency-Key': key } });
    expect((await send(body)).status).toBe(201);
    const [{ expires }] = (
      (await t.database.db.execute(sql`select (expires_at - created_at) as expires from idempotency_keys where key = ${key}`)) as unknown as { rows: { expires: unknown }[] }
    ).rows;
    expect(String(expires)).toMatch(/00:00:01|1 sec/);
    await waitUntilExpired(t.database, key);
    const again = await send(body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    await waitUntilExpired(t.database, key);
    // After expiry another payload is a new request too, not a mismatch.
    expect((await send({ ...body, address: '6 Expiry Row' })).status).toBe(201);
    expect(await countByAddress(t.database, alice.teamId, body.address)).toBe(2);
  });
});

/** Waits, by the database's clock, until the key's row has expired. */
async function waitUntilExpired(database: Database, key: string): Promise<void> {
  for (;;) {
    const { rows } = (await database.db.execute(sql`select expires_at <= now() as expired from idempotency_keys where key = ${key}`)) as unknown as {
      rows: { expired: boolean }[];
    };
    if (rows.every((r) => r.expired)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function poolUrl(database: Database): string {
  // `location` is the URL with the password masked; the test server uses trust auth, so none is needed.
  return database.location;
}
