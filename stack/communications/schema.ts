/**
 * The communications domain's request and response shapes (zod, registered in the OpenAPI
 * document). Requests are strict: an unknown field is a 422.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { PageQuery, pageSchema } from '../lib/pagination.js';
import { RefId, storedText } from '../lib/text.js';

export const CHANNELS = ['email', 'sms', 'call'] as const;
export const DIRECTIONS = ['outbound', 'inbound'] as const;
/** Delivery statuses (email and SMS) and call outcomes share one column; see status.ts for their order. */
export const COMMUNICATION_STATUSES = ['queued', 'sent', 'delivered', 'opened', 'clicked', 'received', 'completed', 'failed', 'bounced', 'dropped', 'undelivered'] as const;
export const CALL_OUTCOMES = ['connected', 'voicemail', 'no_answer', 'busy', 'failed', 'scheduled_callback'] as const;

const E164 = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +15551234567')
  .openapi({ example: '+15551234567' });
const Email = z.email({ message: 'must be an email address' }).max(320).openapi({ example: 'jane@example.com' });

export const EmailCreate = z
  .object({
    lead_id: RefId.optional().openapi({ description: 'A lead of your team: the message joins that lead’s thread' }),
    property_id: RefId.optional().openapi({ description: 'A property of your team: without lead_id, the message joins the property’s thread' }),
    to: Email,
    subject: storedText(300).openapi({ example: 'About 123 Demo St' }),
    body: storedText(100_000).openapi({ example: 'Hi Jane, the viewing is confirmed for Saturday.' }),
  })
  .strict()
  .refine((b) => b.lead_id !== undefined || b.property_id !== undefined, { message: 'Give lead_id or property_id: an email belongs to a thread.', path: ['lead_id'] })
  .openapi('EmailCreate');

export const SmsCreate = z
  .object({
    lead_id: RefId.optional(),
    property_id: RefId.optional(),
    to: E164,
    body: storedText(1600).openapi({ example: 'Your viewing is confirmed for Saturday 10am.' }),
  })
  .strict()
  .openapi('SmsCreate');

export const CallCreate = z
  .object({
    lead_id: RefId.optional(),
    property_id: RefId.optional(),
    direction: z.enum(DIRECTIONS),
    to: storedText(100).optional().openapi({ description: 'Number called (outbound)', example: '+15551234567' }),
    from: storedText(100).optional().openapi({ description: 'Number that called (inbound)' }),
    duration_seconds: z.number().int().min(0).max(86_400).optional(),
    outcome: z.enum(CALL_OUTCOMES),
    notes: storedText(10_000).optional(),
  })
  .strict()
  .refine((b) => (b.direction === 'outbound' ? b.to !== undefined : b.from !== undefined), {
    message: 'An outbound call needs `to`, an inbound one `from`.',
    path: ['to'],
  })
  .openapi('CallCreate');

export const Communication = z
  .object({
    id: z.string(),
    thread_id: z.string().nullable(),
    lead_id: z.string().nullable(),
    property_id: z.string().nullable(),
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS),
    status: z.string().openapi({ example: 'sent' }),
    to: z.string().nullable(),
    from: z.string().nullable(),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    message_id: z.string().nullable().openapi({ description: 'The email’s Message-ID header' }),
    provider: z.string().nullable().openapi({ example: 'smtp' }),
    provider_id: z.string().nullable().openapi({ description: 'The provider’s id: sg_message_id, MessageSid, CallSid' }),
    error: z.string().nullable(),
    duration_seconds: z.number().int().nullable(),
    outcome: z.string().nullable(),
    notes: z.string().nullable(),
    transcription: z.string().nullable(),
    created_by: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Communication');

export const CommunicationListQuery = PageQuery.extend({
  channel: z.enum(CHANNELS).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  status: z.string().max(40).optional(),
  lead_id: RefId.optional(),
  property_id: RefId.optional(),
});
export const CallListQuery = CommunicationListQuery.omit({ channel: true });

export const CommunicationPage = pageSchema(Communication, 'CommunicationPage');

export const Thread = z
  .object({
    id: z.string(),
    lead_id: z.string().nullable(),
    property_id: z.string().nullable(),
    subject: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('CommunicationThread');
export const ThreadWithMessages = Thread.extend({ messages: z.array(Communication) }).openapi('CommunicationThreadWithMessages');
export const ThreadListQuery = PageQuery.omit({ cursor: true }).extend({ lead_id: RefId.optional(), property_id: RefId.optional() });
export const ThreadPage = pageSchema(Thread, 'CommunicationThreadPage');

export const OutboxMessage = z
  .object({ sid: z.string(), communication_id: z.string().nullable(), to: z.string(), from: z.string(), body: z.string(), created_at: Timestamp })
  .openapi('SmsOutboxMessage');
export const OutboxQuery = PageQuery.extend({ to: z.string().max(20).optional().openapi({ description: 'Only messages to this number' }) });
export const OutboxPage = pageSchema(OutboxMessage, 'SmsOutboxPage');
