/**
 * The domain event bus: persisted, ordered, per-team events fanned out to SSE streams on every
 * replica. Route handlers call `announce(c, type, data)` after a successful write.
 */
export { announce } from './announce.js';
export { createEventBus, type EventBusOptions } from './bus.js';
export { DOMAIN_EVENT_TYPES, type BusStats, type DomainEvent, type EventBus, type EventSubscriber, type KnownEventType } from './types.js';
