/**
 * The domain event bus: `publish` persists into `domain_events` (the id is the SSE event id),
 * then wakes the team's feed in this process and, with Redis, tells every other replica to wake
 * theirs. Subscribers are attached per team to a `TeamFeed`, which reads new events from the
 * database in id order, so delivery is ordered and gap-free on every replica.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { StackConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { createRedisRelay, type RedisRelay } from './redis-relay.js';
import { appendEvent, eventsAfter, latestEventId, newestEventId, purgeEvents } from './store.js';
import { TeamFeed, type TeamFeedSource } from './team-feed.js';
import type { BusStats, DomainEvent, EventBus, EventSubscriber } from './types.js';

export interface EventBusOptions {
  db: Db;
  logger: Logger;
  /** Per-team log size, retention, and (when `redisUrl` is set) the Redis to fan out through. */
  config: Pick<StackConfig, 'redisUrl' | 'redisPrefix' | 'sse'>;
  /** Run `purge()` this often (ms); 0 (the default) leaves purging to the caller. */
  purgeIntervalMs?: number;
  /**
   * Re-read every feed this often (ms, default 10 s; 0 for never), once `start()` ran: the safety
   * net for a pub/sub message lost in a Redis outage or a feed read that failed on a database hiccup.
   */
  resyncIntervalMs?: number;
}

/**
 * Makes the bus: in memory without `config.redisUrl`, over Redis pub/sub with it. Call
 * `start()` before serving (it connects Redis) and `close()` on shutdown.
 *
 * @example
 * const bus = createEventBus({ db: database.db, logger, config });
 * await bus.start();
 * const stop = await bus.subscribe(teamId, { onEvent: (e) => console.log(e.id, e.type) });
 * await bus.publish(teamId, 'property.created', { id: 'p1' });
 */
export function createEventBus(options: EventBusOptions): EventBus {
  const { db, logger, config } = options;
  const origin = crypto.randomUUID();
  const feeds = new Map<string, TeamFeed>();
  const counters = { published: 0, dispatched: 0 };
  const timers: NodeJS.Timeout[] = [];
  let closed = false;

  const source: TeamFeedSource = {
    latestId: (teamId) => latestEventId(db, teamId),
    eventsAfter: (teamId, afterId, limit) => eventsAfter(db, teamId, afterId, limit),
    onDispatch: (count) => void (counters.dispatched += count),
    onError: (error) => logger.warn({ err: error }, 'event feed read failed; retrying on the next event'),
  };
  const wakeAll = () => feeds.forEach((feed) => feed.wake());

  const relay: RedisRelay | undefined = config.redisUrl
    ? createRedisRelay(config, { onNotification: (n) => n.origin !== origin && feeds.get(n.teamId)?.wake(), onResync: wakeAll }, logger)
    : undefined;

  function every(ms: number | undefined, task: () => void): void {
    if (ms && ms > 0) timers.push(setInterval(task, ms).unref());
  }

  const bus: EventBus = {
    kind: relay ? 'redis' : 'memory',

    async publish(teamId, type, data) {
      const event = await appendEvent(db, teamId, type, data);
      counters.published++;
      if (!closed) {
        feeds.get(teamId)?.wake();
        relay?.send({ teamId, id: event.id, type, origin });
      }
      return event;
    },

    async subscribe(teamId, subscriber) {
      if (closed) throw new Error('the event bus is closed');
      let feed = feeds.get(teamId);
      if (!feed) {
        feed = new TeamFeed(teamId, source);
        feeds.set(teamId, feed);
      }
      feed.subscribers.add(subscriber);
      const detach = () => {
        feed.subscribers.delete(subscriber);
        if (feed.subscribers.size === 0 && feeds.get(teamId) === feed) feeds.delete(teamId);
      };
      try {
        await feed.ready;
      } catch (error) {
        detach();
        throw error;
      }
      return detach;
    },

    eventsAfter: (teamId, afterId, limit = 500) => eventsAfter(db, teamId, afterId, limit),

    newestId: () => newestEventId(db),

    async purge() {
      const deleted = await purgeEvents(db, { keep: config.sse.eventLogSize, retentionSeconds: config.sse.eventRetentionSeconds });
      if (deleted > 0) logger.debug({ deleted }, 'domain events purged');
      return deleted;
    },

    stats(): BusStats {
      let subscribers = 0;
      for (const feed of feeds.values()) subscribers += feed.subscribers.size;
      return { ...counters, subscribers };
    },

    async start() {
      await relay?.start();
      every(options.purgeIntervalMs, () => {
        bus.purge().catch((error: unknown) => logger.warn({ err: error }, 'domain event purge failed'));
      });
      every(options.resyncIntervalMs ?? 10_000, wakeAll);
    },

    async close() {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      const ending: EventSubscriber[] = [];
      for (const feed of feeds.values()) ending.push(...feed.subscribers);
      feeds.clear();
      for (const subscriber of ending) {
        try {
          subscriber.onClose?.();
        } catch (error) {
          logger.warn({ err: error }, 'subscriber failed to close');
        }
      }
      await relay?.close();
    },
  };
  return bus;
}

export type { DomainEvent };
