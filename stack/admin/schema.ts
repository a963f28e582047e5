/** Zod schemas of the admin API: health, dead-letter queue, reconciliation, audit log. */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { pageSchema, PageQuery } from '../lib/pagination.js';

const Status = z.enum(['pass', 'warn', 'fail']);
const Component = z.object({ status: Status }).catchall(z.unknown());

export const AdminHealthSchema = z
  .object({
    status: Status,
    version: z.string(),
    checked_at: Timestamp,
    database: Component.openapi({ description: 'kind, latency_ms, pool (PostgreSQL), migrations {applied, pending, latest}' }),
    queue: Component.openapi({ description: 'The team’s jobs by state, the oldest queued job’s age, the dead-letter size' }),
    events: Component.openapi({ description: 'The event bus mode: memory (one process) or redis' }),
    mail: Component,
    storage: Component,
    redis: Component,
    process: z.object({ pid: z.number().int(), node: z.string(), uptime_seconds: z.number(), memory: z.record(z.string(), z.number()) }),
  })
  .openapi('AdminHealth');

export const DlqStatsSchema = z
  .object({
    total: z.number().int(),
    oldest_dead_at: Timestamp.nullable(),
    by_type: z.array(z.object({ type: z.string(), count: z.number().int() })),
    by_error: z.array(z.object({ type: z.string(), error: z.string().openapi({ description: 'The first line of the last error, at most 160 characters' }), count: z.number().int(), oldest_dead_at: Timestamp.nullable() })),
  })
  .openapi('DlqStats');

export const DlqListQuery = PageQuery.pick({ limit: true, offset: true }).extend({
  state: z.enum(['dead', 'archived']).default('dead').openapi({ description: 'dead (the dead-letter list) or archived (set aside)' }),
});

export const BulkReplayBody = z
  .object({
    type: z.string().min(1).max(100).optional().openapi({ description: 'Only jobs of this type', example: 'property.enrichment' }),
    error_contains: z.string().min(1).max(200).optional().openapi({ description: 'Only jobs whose last error contains this text (case-insensitive)', example: 'timeout' }),
    dead_before: z.string().datetime({ offset: true }).optional().openapi({ description: 'Only jobs that died before this moment' }),
    limit: z.number().int().min(1).max(1000).default(100).openapi({ description: 'At most this many, oldest first (1-1000)' }),
  })
  .strict()
  .openapi('BulkReplay');

export const BulkReplayResult = z.object({ replayed: z.number().int(), ids: z.array(z.string()) }).openapi('BulkReplayResult');

export const DlqAlertsSchema = z
  .object({
    firing: z.boolean(),
    size: z.number().int(),
    oldest_age_seconds: z.number().int(),
    thresholds: z.object({ size: z.number().int(), age_seconds: z.number().int() }),
    alerts: z.array(z.object({ code: z.enum(['dlq_size', 'dlq_age']), threshold: z.number(), observed: z.number(), message: z.string() })),
    checked_at: Timestamp,
  })
  .openapi('DlqAlerts');

export const Finding = z
  .object({
    check: z.string().openapi({ example: 'lead_property_reference' }),
    resource: z.string().openapi({ example: 'lead' }),
    id: z.string().nullable(),
    message: z.string(),
    expected: z.unknown().optional(),
    actual: z.unknown().optional(),
  })
  .openapi('ReconciliationFinding');

export const ReconciliationRunSchema = z
  .object({
    id: z.string(),
    status: z.enum(['clean', 'findings']),
    started_by: z.string(),
    started_at: Timestamp,
    finished_at: Timestamp,
    finding_count: z.number().int(),
    checks: z.array(z.object({ name: z.string(), description: z.string(), findings: z.number().int() })),
    findings: z.array(Finding),
  })
  .openapi('ReconciliationRun');

export const ReconciliationRunPage = pageSchema(ReconciliationRunSchema, 'ReconciliationRunPage');

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    actor_id: z.string(),
    method: z.string().openapi({ example: 'PATCH' }),
    route: z.string().openapi({ example: '/properties/:id' }),
    resource_id: z.string().nullable(),
    status: z.number().int(),
    request_id: z.string(),
    changed_fields: z.array(z.string()).nullable().openapi({ description: 'For a PATCH: the fields the body sent' }),
    created_at: Timestamp,
  })
  .openapi('AuditEntry');

export const AuditPage = pageSchema(AuditEntrySchema, 'AuditPage');

export const AuditQuery = PageQuery.pick({ limit: true, offset: true }).extend({
  actor: z.string().min(1).max(200).optional().openapi({ description: 'Only this user’s requests (user id)' }),
  resource: z.string().min(1).max(200).optional().openapi({ description: 'Only requests about this resource id' }),
  since: z.string().datetime({ offset: true }).optional().openapi({ description: 'Only entries at or after this moment' }),
});
