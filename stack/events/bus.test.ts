/**
 * The in-process event bus over the run's database: persistence, per-team ordered fan-out with
 * no duplicate under concurrent publishers, team isolation, the bounded log, and close.
 */
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { openTestDatabase } from '../../test/support/backend.js';
import { createEventBus } from './bus.js';
import type { DomainEvent, EventBus } from './types.js';

const logger = pino({ level: 'silent' });
const team = () => `team-${crypto.randomUUID()}`;

function collect(bus: EventBus, teamId: string) {
  const received: DomainEvent[] = [];
  let closed = false;
  const attached = bus.subscribe(teamId, { onEvent: (e) => received.push(e), onClose: () => (closed = true) });
  return { received, attached, closed: () => closed };
}

describe('event bus (in process)', { timeout: 30_000 }, () => {
  let database: Database;
  let bus: EventBus;
  const config = { ...loadStackConfig({}), redisUrl: undefined };

  beforeAll(async () => {
    database = await openTestDatabase();
    bus = createEventBus({ db: database.db, logger, config });
    await bus.start();
  }, 60_000);
  afterAll(async () => {
    await bus.close();
    await database.close();
  });

  it('persists each event with an increasing id and hands it to the team’s subscribers', async () => {
    const teamId = team();
    const sub = collect(bus, teamId);
    await sub.attached;
    const first = await bus.publish(teamId, 'property.created', { id: 'p1' });
    const second = await bus.publish(teamId, 'property.updated', { id: 'p1', price: 1 });
    expect(second.id).toBeGreaterThan(first.id);
    expect(first).toMatchObject({ teamId, type: 'property.created', data: { id: 'p1' } });
    await expect.poll(() => sub.received.length).toBe(2);
    expect(sub.received).toEqual([first, second]);
    expect(await bus.eventsAfter(teamId, 0)).toEqual([first, second]);
    expect(await bus.eventsAfter(teamId, first.id)).toEqual([second]);
  });

  it('delivers 50 concurrent publishes to every subscriber once each, in id order', async () => {
    const teamId = team();
    const subs = [collect(bus, teamId), collect(bus, teamId)];
    await Promise.all(subs.map((s) => s.attached));
    const published = await Promise.all(Array.from({ length: 50 }, (_, i) => bus.publish(teamId, 'test', { i })));
    const ids = published.map((e) => e.id).sort((a, b) => a - b);
    for (const sub of subs) {
      await expect.poll(() => sub.received.length).toBe(50);
      expect(sub.received.map((e) => e.id)).toEqual(ids);
    }
  });

  it('keeps teams apart', async () => {
    const [a, b] = [team(), team()];
    const onA = collect(bus, a);
    const onB = collect(bus, b);
    await Promise.all([onA.attached, onB.attached]);
    await bus.publish(a, 'test', { for: 'a' });
    const forB = await bus.publish(b, 'test', { for: 'b' });
    await expect.poll(() => onB.received.length).toBe(1);
    expect(onB.received).toEqual([forB]);
    expect(onA.received.map((e) => e.data)).toEqual([{ for: 'a' }]);
  });

  it('stops delivering to a detached subscriber', async () => {
    const teamId = team();
    const gone = collect(bus, teamId);
    const stays = collect(bus, teamId);
    const detach = await gone.attached;
    await stays.attached;
    detach();
    await bus.publish(teamId, 'test', {});
    await expect.poll(() => stays.received.length).toBe(1);
    expect(gone.received).toHaveLength(0);
  });

  it('bounds the log: the newest SSE_EVENT_LOG_SIZE per team, nothing past the retention', async () => {
    const small = createEventBus({ db: database.db, logger, config: { ...config, sse: { ...config.sse, eventLogSize: 3 } } });
    const [busy, quiet, old] = [team(), team(), team()];
    const busyEvents = [];
    for (let i = 0; i < 6; i++) busyEvents.push(await small.publish(busy, 'test', { i }));
    await small.publish(quiet, 'test', {});
    await small.publish(old, 'test', {});
    await database.db.execute(sql`update domain_events set created_at = now() - interval '2 days' where team_id = ${old}`);
    await small.purge();
    expect((await small.eventsAfter(busy, 0)).map((e) => e.id)).toEqual(busyEvents.slice(3).map((e) => e.id));
    expect(await small.eventsAfter(quiet, 0)).toHaveLength(1);
    expect(await small.eventsAfter(old, 0)).toHaveLength(0);
    await small.close();
  });

  it('counts what it published and dispatched', async () => {
    const own = createEventBus({ db: database.db, logger, config });
    const teamId = team();
    const sub = collect(own, teamId);
    await sub.attached;
    await own.publish(teamId, 'test', {});
    await expect.poll(() => sub.received.length).toBe(1);
    expect(own.stats()).toEqual({ published: 1, dispatched: 1, subscribers: 1 });
    await own.close();
  });

  it('ends every subscriber on close and refuses new ones', async () => {
    const own = createEventBus({ db: database.db, logger, config });
    const sub = collect(own, team());
    await sub.attached;
    await own.close();
    expect(sub.closed()).toBe(true);
    expect(own.stats().subscribers).toBe(0);
    await expect(own.subscribe(team(), { onEvent: () => undefined })).rejects.toThrow(/closed/);
  });
});
