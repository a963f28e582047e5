/**
 * SSE across replicas: two API instances on one database and one Redis (a unique key prefix
 * per run), each with its own event bus. An event published through one reaches a stream held
 * on the other, in order and once. Without Redis the file is skipped with a clear line, unless
 * CI=true, where it fails: CI must prove the cross-replica path.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../stack/app.js';
import { openDatabase, type Database } from '../../stack/db/client.js';
import { createEventBus } from '../../stack/events/index.js';
import type { EventBus } from '../../stack/events/types.js';
import { createLogger } from '../../stack/lib/logger.js';
import { backend } from '../support/backend.js';
import { openStream, startSocketStack, streamToken, type OpenedStream, type SocketStack, type SocketUser } from './sse-helpers.js';
import { redisOrSkip, TEST_REDIS_URL } from '../support/services.js';

const REDIS_URL = TEST_REDIS_URL;

const problem = await redisOrSkip('sse-redis');

interface Replica {
  url: string;
  bus: EventBus;
  close(): Promise<void>;
}

/** A second API instance beside `primary`: same database, same Redis and prefix, its own bus and socket. */
async function startReplica(primary: SocketStack): Promise<Replica> {
  const database: Database =
    backend === 'postgres' ? await openDatabase({ databaseUrl: primary.config.databaseUrl, migrate: false, poolSize: 5 }) : primary.stack.database;
  const logger = createLogger({ level: 'silent' });
  // No periodic resync: only a Redis message can wake this replica's streams, so the test proves that path.
  const bus = createEventBus({ db: database.db, logger, config: primary.config, resyncIntervalMs: 0 });
  await bus.start();
  const app = createApp({ database, config: primary.config, logger, events: bus });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bus,
    async close() {
      await bus.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      });
      if (database !== primary.stack.database) await database.close();
    },
  };
}

describe.skipIf(problem)('SSE across replicas over Redis pub/sub', { timeout: 30_000 }, () => {
  let a: SocketStack;
  let b: Replica;
  let admin: SocketUser;
  const ids = (s: OpenedStream) => s.events.map((e) => Number(e.id));
  const emitOn = async (url: string, data: Record<string, unknown>) => {
    const res = await fetch(`${url}/sse/test/emit`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number };
  };

  beforeAll(async () => {
    const prefix = `reos-test:${process.pid}:${crypto.randomUUID().slice(0, 8)}:`;
    a = await startSocketStack({ env: { REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_ENABLED: 'false' } });
    b = await startReplica(a);
    admin = await a.user();
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('runs both buses on Redis', () => {
    expect(a.config.redisUrl).toBe(REDIS_URL);
    expect(b.bus.kind).toBe('redis');
  });

  it('delivers an event emitted on replica A to a stream held on replica B', async () => {
    const onB = await openStream(b.url, `/sse/stream?token=${await streamToken(a, admin)}`);
    try {
      expect(onB.status).toBe(200);
      const sent = await emitOn(a.url, { from: 'a' });
      await onB.until((x) => x.events.length >= 1, 'the event from A');
      expect(ids(onB)).toEqual([sent.id]);
      expect(JSON.parse(onB.events[0].data)).toEqual({ from: 'a' });
    } finally {
      onB.close();
    }
  });

  it('delivers concurrent emits from both replicas to streams on both, once each and in id order', async () => {
    const token = await streamToken(a, admin);
    const streams = [await openStream(a.url, `/sse/stream?token=${token}`), await openStream(b.url, `/sse/stream?token=${token}`)];
    try {
      const sent = await Promise.all(Array.from({ length: 30 }, (_, i) => emitOn(i % 2 ? a.url : b.url, { i })));
      const expected = sent.map((e) => e.id).sort((x, y) => x - y);
      for (const stream of streams) {
        await stream.until((x) => x.events.length >= 30, '30 events');
        expect(ids(stream)).toEqual(expected);
      }
    } finally {
      streams.forEach((x) => x.close());
    }
  });

  it('resumes on replica B from an id seen on replica A', async () => {
    const onA = await openStream(a.url, `/sse/stream?token=${await streamToken(a, admin)}`);
    const seen = await emitOn(a.url, { n: 1 });
    await onA.until((x) => x.events.length >= 1, 'the first event');
    onA.close();
    const missed = await emitOn(a.url, { n: 2 });
    const onB = await openStream(b.url, `/sse/stream?token=${await streamToken(a, admin)}`, { 'Last-Event-ID': String(seen.id) });
    try {
      const live = await emitOn(a.url, { n: 3 });
      await onB.until((x) => ids(x).includes(live.id), 'the live event');
      expect(ids(onB)).toEqual([missed.id, live.id]);
    } finally {
      onB.close();
    }
  });
});
