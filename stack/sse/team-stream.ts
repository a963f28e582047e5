/**
 * A team's events as one SSE body, resumable with Last-Event-ID with no gap and no duplicate:
 * subscribe first (live events are held back), replay the persisted events after the client's
 * last id from the database, then let the held-back and later live events through. Every event
 * passes one filter, "id above the last one sent", so an event both replayed and received live
 * goes out once.
 */
import type { DomainEvent, EventBus } from '../events/types.js';
import { openEventStream } from './event-stream.js';

const REPLAY_BATCH = 500;

/** What the SSE routes count in this process (`GET /sse/stats`). */
export interface StreamCounters {
  connections: number;
  delivered: number;
}

export function createStreamCounters(): StreamCounters {
  return { connections: 0, delivered: 0 };
}

export interface TeamStreamOptions {
  bus: EventBus;
  teamId: string;
  /** The client's Last-Event-ID; undefined for a fresh stream (live events only). */
  resumeAfter?: number;
  retryMs: number;
  heartbeatMs: number;
  signal?: AbortSignal;
  counters: StreamCounters;
}

/**
 * Opens the stream and returns its body; rejects (nothing left open) when the bus cannot
 * subscribe or replay.
 *
 * @example
 * const body = await streamTeamEvents({ bus, teamId, resumeAfter: 41, retryMs: 3000, heartbeatMs: 15000, counters });
 */
export async function streamTeamEvents(options: TeamStreamOptions): Promise<ReadableStream<Uint8Array>> {
  const { bus, teamId, counters } = options;
  let resumeAfter = options.resumeAfter;
  // An id above anything ever stored comes from another database (an ephemeral stack restarted):
  // honouring it would hide every new event until the sequence caught up.
  if (resumeAfter !== undefined && resumeAfter > (await bus.newestId())) resumeAfter = undefined;

  let lastSent = resumeAfter ?? 0;
  let live = false;
  const held: DomainEvent[] = [];
  const detach = await bus.subscribe(teamId, {
    onEvent: (event) => (live ? deliver(event) : held.push(event)),
    onClose: () => stream.close(),
  });

  // Counted before opening: a client already gone closes the stream inside openEventStream.
  counters.connections++;
  const stream = openEventStream({
    retryMs: options.retryMs,
    heartbeatMs: options.heartbeatMs,
    signal: options.signal,
    onClose() {
      detach();
      counters.connections--;
    },
  });

  function deliver(event: DomainEvent): void {
    if (event.id <= lastSent || stream.closed) return;
    lastSent = event.id;
    stream.send(event);
    counters.delivered++;
  }

  try {
    while (resumeAfter !== undefined && !stream.closed) {
      const batch = await bus.eventsAfter(teamId, lastSent, REPLAY_BATCH);
      batch.forEach(deliver);
      if (batch.length < REPLAY_BATCH) break;
    }
  } catch (error) {
    stream.close();
    throw error;
  }
  live = true;
  held.splice(0).forEach(deliver);
  return stream.body;
}
