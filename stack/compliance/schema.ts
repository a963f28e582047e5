/**
 * The compliance domain's request and response shapes (zod, registered in the OpenAPI document).
 * Requests are strict: an unknown field is a 422. Phones are accepted in any usual spelling and
 * stored normalised (`+` and digits); junk is a 422 pointing at the field.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { PageQuery, pageSchema } from '../lib/pagination.js';
import { RefId, clearableText, storedText } from '../lib/text.js';
import { normalizePhone } from './phone.js';
import { CADENCE_CHANNELS, CONSENT_TYPES, OPT_OUT_KINDS, SEND_CHANNELS } from './tables.js';

const PHONE_MESSAGE = 'must be a phone number such as +15551234567 or (555) 123-4567';
export const Phone = z.string().trim().min(1).max(40).refine((s) => normalizePhone(s) !== undefined, PHONE_MESSAGE).openapi({ example: '+15551234567' });
const Email = z.email({ message: 'must be an email address' }).max(320).openapi({ example: 'jane@example.com' });
const Source = storedText(60).optional().openapi({ description: 'Where the request came from (default `api`)', example: 'phone call' });

export const DncCreate = z.object({ phone: Phone, reason: clearableText(500), source: Source }).strict().openapi('DncCreate');
export const DncEntry = z
  .object({ id: z.string(), phone: z.string().openapi({ example: '+15551234567' }), reason: z.string().nullable(), source: z.string(), created_by: z.string().nullable(), created_at: Timestamp })
  .openapi('DncEntry');
export const DncPage = pageSchema(DncEntry, 'DncPage');
export const DncListQuery = PageQuery.extend({ phone: z.string().max(40).optional().openapi({ description: 'Only this number (any spelling)' }) });
export const DncCheckQuery = z.object({ phone: Phone.openapi({ param: { name: 'phone', in: 'query' }, example: '(555) 123-4567' }) });
export const DncCheck = z
  .object({ phone: z.string(), listed: z.boolean(), entry: z.union([DncEntry, z.null()]) })
  .openapi('DncCheck', { example: { phone: '+15551234567', listed: true, entry: null } });

export const OptOutCreate = z
  .object({
    kind: z.enum(OPT_OUT_KINDS).openapi({ description: '`email`, `phone`, or `property` (its owner: every lead linked to it)' }),
    value: storedText(320).openapi({ description: 'The email, the phone, or the property id', example: 'jane@example.com' }),
    reason: clearableText(500),
    source: Source,
  })
  .strict()
  .openapi('OptOutCreate');
export const OptOut = z
  .object({ id: z.string(), kind: z.enum(OPT_OUT_KINDS), value: z.string(), reason: z.string().nullable(), source: z.string(), created_by: z.string().nullable(), created_at: Timestamp })
  .openapi('OptOut');
export const OptOutPage = pageSchema(OptOut, 'OptOutPage');
export const OptOutListQuery = PageQuery.extend({ kind: z.enum(OPT_OUT_KINDS).optional() });

export const ConsentCreate = z
  .object({
    lead_id: RefId.optional().openapi({ description: 'A lead of your team' }),
    address: storedText(320).optional().openapi({ description: 'An email or a phone the consent is about', example: 'jane@example.com' }),
    consent_type: z.enum(CONSENT_TYPES),
    granted: z.boolean().openapi({ description: 'true: granted; false: withdrawn' }),
    source: storedText(60).openapi({ example: 'web form' }),
    note: clearableText(1000),
  })
  .strict()
  .refine((b) => b.lead_id !== undefined || b.address !== undefined, { message: 'Give lead_id or address: a consent is about someone.', path: ['lead_id'] })
  .openapi('ConsentCreate');
export const Consent = z
  .object({
    id: z.string(),
    lead_id: z.string().nullable(),
    address: z.string().nullable(),
    consent_type: z.enum(CONSENT_TYPES),
    granted: z.boolean(),
    source: z.string(),
    note: z.string().nullable(),
    recorded_by: z.string().nullable(),
    created_at: Timestamp,
  })
  .openapi('ConsentRecord');
export const ConsentPage = pageSchema(Consent, 'ConsentPage');
export const ConsentListQuery = PageQuery.extend({
  lead_id: RefId.optional(),
  address: z.string().max(320).optional(),
  consent_type: z.enum(CONSENT_TYPES).optional(),
  current: z.enum(['true', 'false']).optional().openapi({ description: '`true`: only the latest record per subject and type (the state in force)' }),
});

const Hour = z.number().int().min(0).max(23);
const cadenceFields = {
  name: storedText(120).openapi({ example: 'Max 3 emails a week' }),
  channel: z.enum(CADENCE_CHANNELS).openapi({ description: '`any` counts every channel together' }),
  max_messages: z.number().int().min(1).max(1000).nullable().optional(),
  window_days: z.number().int().min(1).max(365).nullable().optional(),
  quiet_start_hour: Hour.nullable().optional().openapi({ description: 'UTC hour quiet hours start (inclusive)', example: 21 }),
  quiet_end_hour: Hour.nullable().optional().openapi({ description: 'UTC hour quiet hours end (exclusive); may wrap midnight', example: 8 }),
  enabled: z.boolean().optional(),
};
export const CadenceRuleCreate = z.object(cadenceFields).strict().openapi('CadenceRuleCreate', { example: { name: 'Max 3 emails a week', channel: 'email', max_messages: 3, window_days: 7 } });
export const CadenceRulePatch = z.object(cadenceFields).partial().strict().openapi('CadenceRulePatch');
export const CadenceToggle = z.object({ enabled: z.boolean() }).strict().openapi('CadenceRuleToggle');
export const CadenceApply = z.object({ property_id: RefId }).strict().openapi('CadenceRuleApply');
export const CadenceRule = z
  .object({
    id: z.string(),
    name: z.string(),
    channel: z.enum(CADENCE_CHANNELS),
    max_messages: z.number().int().nullable(),
    window_days: z.number().int().nullable(),
    quiet_start_hour: z.number().int().nullable(),
    quiet_end_hour: z.number().int().nullable(),
    enabled: z.boolean(),
    property_ids: z.array(z.string()).openapi({ description: 'Empty: the rule governs every send; otherwise only sends about these properties' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('CadenceRule');
export const CadenceRuleList = z.object({ items: z.array(CadenceRule), total: z.number().int() }).openapi('CadenceRuleList');
export const RulePropertyParams = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }),
  propertyId: z.string().min(1).openapi({ param: { name: 'propertyId', in: 'path' } }),
});

export const Reason = z.object({ code: z.string().openapi({ example: 'do_not_call' }), detail: z.string() }).openapi('SendDecisionReason');
export const ValidateSend = z
  .object({
    channel: z.enum(SEND_CHANNELS),
    to: storedText(320).openapi({ example: 'jane@example.com' }),
    lead_id: RefId.optional(),
    property_id: RefId.optional(),
    purpose: z.enum(['marketing', 'transactional']).default('marketing'),
  })
  .strict()
  .openapi('ValidateSend', { example: { channel: 'sms', to: '+15551234567', purpose: 'marketing' } });
export const Decision = z
  .object({
    id: z.string(),
    allowed: z.boolean(),
    reasons: z.array(Reason),
    channel: z.enum(SEND_CHANNELS),
    recipient: z.string(),
    purpose: z.enum(['marketing', 'transactional']),
    lead_id: z.string().nullable(),
    property_id: z.string().nullable(),
    actor_id: z.string().nullable(),
    context: z.record(z.string(), z.unknown()),
    dry_run: z.boolean(),
    created_at: Timestamp,
  })
  .openapi('SendDecision');
export const DecisionPage = pageSchema(Decision, 'SendDecisionPage');
export const DecisionListQuery = PageQuery.extend({
  recipient: z.string().max(320).optional().openapi({ description: 'Only this recipient (email or phone, any spelling)' }),
  allowed: z.enum(['true', 'false']).optional(),
  channel: z.enum(SEND_CHANNELS).optional(),
});

export const Disclaimer = z
  .object({ state: z.string().openapi({ example: 'CA' }), name: z.string().openapi({ example: 'California' }), regulator: z.string(), text: z.string() })
  .openapi('StateDisclaimer');
export const DisclaimerList = z.object({ items: z.array(Disclaimer), total: z.number().int() }).openapi('StateDisclaimerList');
export const StateParams = z.object({ state: z.string().min(1).max(10).openapi({ param: { name: 'state', in: 'path' }, example: 'CA' }) });
