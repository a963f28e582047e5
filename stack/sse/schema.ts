/**
 * Zod schemas of the SSE routes: they validate requests and write the OpenAPI document.
 */
import { z } from '@hono/zod-openapi';

export const StreamTokenSchema = z
  .object({
    token: z.string().openapi({ description: 'Stream token: opens /sse/stream, nothing else' }),
    token_type: z.literal('sse'),
    expires_in: z.number().int().openapi({ description: 'Seconds until the token can no longer open a stream', example: 60 }),
    stream_url: z.string().openapi({ example: 'http://localhost:8000/sse/stream?token=eyJ...' }),
  })
  .openapi('StreamToken');

const EVENT_ID = /^\d{1,18}$/;

export const StreamQuery = z.object({
  token: z.string().max(4096).optional().openapi({ param: { name: 'token', in: 'query' }, description: 'A token from GET /sse/token' }),
  last_event_id: z
    .string()
    .regex(EVENT_ID, 'last_event_id must be an event id (digits)')
    .optional()
    .openapi({ param: { name: 'last_event_id', in: 'query' }, description: 'Resume after this event id (the Last-Event-ID header wins)' }),
});

export const StreamHeaders = z.object({
  'last-event-id': z
    .string()
    .regex(EVENT_ID, 'Last-Event-ID must be an event id (digits)')
    .optional()
    .openapi({ param: { name: 'last-event-id', in: 'header' }, description: 'Sent by EventSource on reconnect: replay what came after it' }),
});

export const SseStatsSchema = z
  .object({
    connections: z.number().int().openapi({ description: 'Streams open on this API process' }),
    events_published: z.number().int().openapi({ description: 'Events published by this process' }),
    events_delivered: z.number().int().openapi({ description: 'Events written to this process’s streams (replays included)' }),
    subscribers: z.number().int().openapi({ description: 'Live-event subscribers attached to the event bus in this process (equals connections unless one leaks)' }),
  })
  .openapi('SseStats');

export const EmitBody = z
  .object({
    type: z
      .string()
      .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'type: lower-case letters, digits, dot, dash or underscore, up to 64')
      .default('test')
      .openapi({ example: 'test' }),
    data: z.record(z.string(), z.unknown()).default({}).openapi({ example: { hello: 'world' } }),
  })
  .strict()
  .openapi('EmitTestEvent');

export const EmittedEventSchema = z
  .object({
    id: z.number().int().openapi({ description: 'The SSE event id' }),
    type: z.string(),
    team_id: z.string(),
    data: z.unknown(),
    created_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('DomainEvent');
