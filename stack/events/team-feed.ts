/**
 * One team's live feed in this process: the subscribers of that team, and a cursor into the
 * team's log. A notification ("team T has a new event") does not carry the truth; it wakes the
 * feed, which reads every event after its cursor from the database and hands them out in id
 * order. So events reach subscribers in order, exactly once, whichever replica published them
 * and whatever order the notifications arrived in; bursts coalesce into one read.
 */
import type { DomainEvent, EventSubscriber } from './types.js';

const READ_BATCH = 500;

export interface TeamFeedSource {
  latestId(teamId: string): Promise<number>;
  eventsAfter(teamId: string, afterId: number, limit: number): Promise<DomainEvent[]>;
  onDispatch(count: number): void;
  onError(error: unknown): void;
}

/**
 * @example
 * const feed = new TeamFeed(teamId, source);
 * feed.subscribers.add({ onEvent: (e) => stream.send(e) });
 * await feed.ready;
 * feed.wake(); // after a publish: reads and dispatches what is new
 */
export class TeamFeed {
  readonly subscribers = new Set<EventSubscriber>();
  private cursor = 0;
  private reading = false;
  private again = false;
  /** Resolves once the cursor points at the team's newest event. */
  readonly ready: Promise<void>;

  constructor(
    readonly teamId: string,
    private readonly source: TeamFeedSource,
  ) {
    this.reading = true;
    this.ready = source.latestId(teamId).then(
      (id) => {
        this.cursor = id;
        this.reading = false;
        if (this.again) this.wake();
      },
      (error: unknown) => {
        this.reading = false;
        throw error;
      },
    );
  }

  /** Something was published for this team: read what is new (now, or right after the current read). */
  wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    this.again = false;
    void this.readNew().finally(() => {
      this.reading = false;
      if (this.again && this.subscribers.size > 0) this.wake();
    });
  }

  private async readNew(): Promise<void> {
    try {
      for (;;) {
        const events = await this.source.eventsAfter(this.teamId, this.cursor, READ_BATCH);
        for (const event of events) {
          this.cursor = event.id;
          this.dispatch(event);
        }
        if (events.length < READ_BATCH || this.subscribers.size === 0) return;
      }
    } catch (error) {
      this.source.onError(error);
    }
  }

  private dispatch(event: DomainEvent): void {
    let count = 0;
    for (const subscriber of this.subscribers) {
      try {
        subscriber.onEvent(event);
        count++;
      } catch (error) {
        this.source.onError(error);
      }
    }
    this.source.onDispatch(count);
  }
}
