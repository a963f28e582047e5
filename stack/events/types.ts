/**
 * The shapes of the domain event bus: what a published event looks like, what a subscriber
 * receives, and the bus's interface, shared by the in-process and Redis implementations.
 */

/** Event types the domain routes publish today; later domains add theirs. */
export const DOMAIN_EVENT_TYPES = [
  'property.created',
  'property.updated',
  'property.stage_changed',
  'property.deleted',
  'lead.created',
  'lead.updated',
  'lead.deleted',
  'deal.created',
  'deal.updated',
  'deal.status_changed',
  'deal.deleted',
  'property.image_added',
  'property.image_deleted',
  'job.queued',
  'job.completed',
  'job.failed',
  'communication.created',
  'communication.status_changed',
  'communication.updated',
  'sms.received',
  'campaign.sent',
  'campaign.completed',
  'share_link.created',
  'share_link.revoked',
  'share_link.viewed',
  'deal_room.created',
  'deal_room.artifact_added',
  'deal_room.artifact_deleted',
  'deal_scenario.created',
  'investor.created',
  'investor.updated',
  'investor.deleted',
  'investor.engagement_recorded',
  'property.signal_recorded',
  'property.enriched',
  'job.replayed',
  'job.archived',
  'reconciliation.completed',
  'task.created',
  'task.updated',
  'task.completed',
  'workflow.settings_updated',
  'next_best_action.generated',
  'next_best_action.completed',
  'smart_list.created',
  'smart_list.updated',
  'smart_list.deleted',
  'onboarding.preset_applied',
  'compliance.dnc_added',
  'compliance.dnc_removed',
  'compliance.opt_out_added',
  'compliance.opt_out_removed',
  'compliance.consent_recorded',
  'compliance.cadence_rule_created',
  'compliance.cadence_rule_updated',
  'compliance.cadence_rule_deleted',
  'compliance.send_blocked',
  'quick_wins.queued',
  'test',
] as const;

export type KnownEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** One persisted event. `id` is the `domain_events` identity: monotonic, and the SSE event id. */
export interface DomainEvent {
  id: number;
  teamId: string;
  type: string;
  data: unknown;
  /** ISO 8601, from the database clock. */
  createdAt: string;
}

export interface EventSubscriber {
  /** Called once per event of the team, in id order, never with an id already delivered. */
  onEvent(event: DomainEvent): void;
  /** Called when the bus closes (stack shutdown): the subscriber should end its stream. */
  onClose?(): void;
}

export interface BusStats {
  /** Events this process published. */
  published: number;
  /** Event deliveries to this process's subscribers (one event to three streams counts three). */
  dispatched: number;
  /** Subscribers attached in this process. */
  subscribers: number;
}

export interface EventBus {
  /** `memory` in one process; `redis` when events cross replicas through Redis pub/sub. */
  readonly kind: 'memory' | 'redis';
  /** Persists the event into `domain_events`, then fans it out to the team's subscribers everywhere. */
  publish(teamId: string, type: string, data?: unknown): Promise<DomainEvent>;
  /**
   * Attaches a subscriber to the team's live events. Resolves once attached: every event
   * committed after that moment reaches it. Returns the function that detaches it.
   */
  subscribe(teamId: string, subscriber: EventSubscriber): Promise<() => void>;
  /** The team's persisted events with an id above `afterId`, oldest first (Last-Event-ID replay). */
  eventsAfter(teamId: string, afterId: number, limit?: number): Promise<DomainEvent[]>;
  /** The newest event id of any team (0 when none): tells a resume id from another database apart. */
  newestId(): Promise<number>;
  /** Deletes events beyond the per-team log size or older than the retention; returns how many. */
  purge(): Promise<number>;
  stats(): BusStats;
  /** Connects the transport (Redis); resolves at once in memory. */
  start(): Promise<void>;
  /** Ends every subscriber (their streams close), stops timers, closes Redis connections. */
  close(): Promise<void>;
}
