/**
 * Carries "team T has event N" between replicas over Redis pub/sub: one channel per key prefix
 * (`<prefix>events`), so stacks and test runs sharing a Redis never hear each other. Pub/sub
 * delivers at most once, so the relay also reports reconnections: the bus then re-reads every
 * feed from the database and nothing published during an outage is lost.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { StackConfig } from '../config.js';
import { closeRedis, connectRedis, createRedis } from '../lib/redis.js';

export interface Notification {
  teamId: string;
  /** The persisted `domain_events` id. */
  id: number;
  type: string;
  /** The publishing bus, so it can ignore its own echo (it already woke its feeds). */
  origin: string;
}

export interface RelayHandlers {
  onNotification(notification: Notification): void;
  /** The subscription came back after an outage: messages may have been missed. */
  onResync(): void;
}

export interface RedisRelay {
  start(): Promise<void>;
  send(notification: Notification): void;
  close(): Promise<void>;
}

/**
 * @example
 * const relay = createRedisRelay(config, { onNotification: (n) => feeds.get(n.teamId)?.wake(), onResync: wakeAll }, logger);
 * await relay.start();
 * relay.send({ teamId, id: event.id, type: event.type, origin });
 */
export function createRedisRelay(config: Pick<StackConfig, 'redisUrl' | 'redisPrefix'>, handlers: RelayHandlers, logger: Logger): RedisRelay {
  const channel = `${config.redisPrefix}events`;
  const publisher = createRedis(config, 'events-publish', { logger });
  // A subscribed connection only listens: no command timeout, or SUBSCRIBE itself could time out.
  const subscriber = createRedis(config, 'events-subscribe', { logger, commandTimeoutMs: 0 });
  let subscribed = false;

  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    try {
      handlers.onNotification(JSON.parse(message) as Notification);
    } catch (error) {
      logger.warn({ err: error, channel }, 'unreadable event notification');
    }
  });
  subscriber.on('ready', () => {
    // ioredis re-subscribes by itself after a reconnect; the first 'ready' is the initial connect.
    if (subscribed) handlers.onResync();
  });

  async function subscribe(client: Redis): Promise<void> {
    await connectRedis(client);
    await client.subscribe(channel);
    subscribed = true;
  }

  return {
    async start() {
      await Promise.all([subscribe(subscriber), connectRedis(publisher)]);
    },
    send(notification) {
      publisher.publish(channel, JSON.stringify(notification)).catch((error: unknown) => {
        // Subscribers elsewhere catch up on their next notification or resync.
        logger.warn({ err: error, channel }, 'event notification not sent');
      });
    },
    async close() {
      await Promise.all([closeRedis(subscriber), closeRedis(publisher)]);
    },
  };
}
