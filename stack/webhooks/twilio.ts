/**
 * Twilio's webhooks, form encoded and signed with `X-Twilio-Signature` (see signatures.ts):
 *
 * - POST /webhooks/twilio/sms: an inbound SMS becomes a communication on the lead with that
 *   number (team and lead by inbound-routing.ts), a follow-up task for the lead's assignee (who
 *   may be auto-assigned first; workflow/inbound-reply.ts) and an `sms.received` event; a status callback
 *   (MessageStatus, no Body) moves the status of the SMS we sent.
 * - POST /webhooks/twilio/voice: a call (and its later status callbacks) becomes a call record.
 * - POST /webhooks/twilio/transcription: attaches TranscriptionText to the call with that CallSid.
 *
 * A missing or bad signature is 401 and changes nothing; a body missing the fields Twilio always
 * sends is 400. Each delivery is applied once (claim.ts). Answers are empty TwiML.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import type { Context } from 'hono';
import { moveStatus } from '../communications/announce-status.js';
import { communicationJson, insertCommunication, updateCommunication, type CommunicationRow } from '../communications/store.js';
import { communications } from '../communications/tables.js';
import type { Db } from '../db/client.js';
import { announceToTeam } from '../events/announce.js';
import type { AppEnv } from '../lib/context.js';
import { ERROR_RESPONSES } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { announceInboundReply, handleInboundReply } from '../workflow/inbound-reply.js';
import { claimEvent } from './claim.js';
import { routeInbound } from './inbound-routing.js';
import { publicRequestUrl, verifyTwilioSignature } from './signatures.js';

const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const twiml = (c: Context<AppEnv>) => c.body(TWIML, 200, { 'Content-Type': 'text/xml; charset=utf-8' });

/** Reads the form, checks the signature over it (401), then the fields this hook needs (400). */
async function signedForm(c: Context<AppEnv>, required: string[]): Promise<URLSearchParams> {
  const token = c.get('config').sms.authToken;
  const raw = await c.req.text();
  const type = c.req.header('content-type') ?? '';
  const form = /^application\/x-www-form-urlencoded/i.test(type) ? new URLSearchParams(raw) : undefined;
  if (!token) throw new ProblemError(401, { detail: 'Twilio webhooks are not configured: set TWILIO_AUTH_TOKEN.' });
  if (!verifyTwilioSignature(token, publicRequestUrl(c), form ?? [], c.req.header('x-twilio-signature'))) {
    throw new ProblemError(401, { detail: 'The X-Twilio-Signature header is missing or does not match this request.' });
  }
  if (!form) throw new ProblemError(400, { detail: 'Twilio webhooks are form encoded: send application/x-www-form-urlencoded.' });
  const missing = required.filter((name) => !form.get(name));
  if (missing.length) throw new ProblemError(400, { detail: `The webhook body lacks ${missing.join(', ')}.` });
  return form;
}

const paramsOf = (form: URLSearchParams) => Object.fromEntries(form.entries());

/** Twilio's message statuses, in ours. */
const SMS_STATUS: Record<string, string> = { queued: 'queued', accepted: 'queued', sending: 'sent', sent: 'sent', delivered: 'delivered', read: 'delivered', undelivered: 'undelivered', failed: 'failed' };
const CALL_STATUS: Record<string, string> = { queued: 'queued', ringing: 'queued', 'in-progress': 'sent', completed: 'completed', busy: 'failed', failed: 'failed', 'no-answer': 'failed', canceled: 'failed' };
const CALL_OUTCOME: Record<string, string> = { completed: 'connected', busy: 'busy', 'no-answer': 'no_answer', failed: 'failed', canceled: 'failed' };

/** The error to record with a failed delivery, Twilio's error code included. */
function smsFailure(status: string, errorCode: string | null): { error?: string } {
  if (status !== 'failed' && status !== 'undelivered') return {};
  return { error: `Twilio reported ${status}${errorCode ? ` (error ${errorCode})` : ''}` };
}

async function findByProviderId(db: Db, channel: 'sms' | 'call', sid: string): Promise<CommunicationRow | undefined> {
  const [row] = await db
    .select()
    .from(communications)
    .where(and(eq(communications.channel, channel), inArray(communications.provider, ['twilio', 'mock']), eq(communications.providerId, sid)))
    .limit(1);
  return row;
}

async function handleSms(c: Context<AppEnv>): Promise<Response> {
  const form = await signedForm(c, ['MessageSid']);
  const db = c.get('db');
  const sid = form.get('MessageSid')!;
  const status = form.get('MessageStatus') ?? form.get('SmsStatus');
  if (form.get('Body') === null && status) {
    // A status callback for a message we sent.
    const row = await findByProviderId(db, 'sms', sid);
    if (await claimEvent(db, { provider: 'twilio', eventId: `${sid}:${status}`, type: `sms.status.${status}`, teamId: row?.teamId, communicationId: row?.id, payload: paramsOf(form) })) {
      if (row && SMS_STATUS[status]) await moveStatus(c, row, SMS_STATUS[status], smsFailure(status, form.get('ErrorCode')));
    }
    return twiml(c);
  }
  for (const name of ['From', 'To']) if (!form.get(name)) throw new ProblemError(400, { detail: `The webhook body lacks ${name}.` });
  const from = form.get('From')!;
  const to = form.get('To')!;
  const route = await routeInbound(db, { theirs: from, ours: to });
  const row = await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, { provider: 'twilio', eventId: sid, type: 'sms.inbound', teamId: route?.teamId, payload: paramsOf(form) }))) return undefined;
    if (!route) return undefined;
    const stored = await insertCommunication(tx, {
      teamId: route.teamId,
      leadId: route.leadId,
      channel: 'sms',
      direction: 'inbound',
      status: 'received',
      fromAddress: from,
      toAddress: to,
      body: form.get('Body') ?? '',
      provider: 'twilio',
      providerId: sid,
    });
    // The follow-up task (and auto-assignment) commit with the message, or neither does.
    return { stored, reply: await handleInboundReply(tx, { teamId: stored.teamId, leadId: stored.leadId, communicationId: stored.id, channel: 'sms', body: stored.body }) };
  });
  if (row) {
    const json = communicationJson(row.stored);
    await announceToTeam(c, row.stored.teamId, 'communication.created', json);
    await announceToTeam(c, row.stored.teamId, 'sms.received', json);
    await announceInboundReply(c, row.reply);
  } else if (!route) {
    c.get('logger').warn({ request_id: c.get('requestId'), message_sid: sid }, 'inbound SMS matched no team; kept in webhook_events');
  }
  return twiml(c);
}

async function handleVoice(c: Context<AppEnv>): Promise<Response> {
  const form = await signedForm(c, ['CallSid', 'From', 'To']);
  const db = c.get('db');
  const sid = form.get('CallSid')!;
  const twilioStatus = form.get('CallStatus') ?? 'ringing';
  const inbound = (form.get('Direction') ?? 'inbound') === 'inbound';
  const [ours, theirs] = inbound ? [form.get('To')!, form.get('From')!] : [form.get('From')!, form.get('To')!];
  const existing = await findByProviderId(db, 'call', sid);
  const route = existing ? { teamId: existing.teamId, leadId: existing.leadId } : await routeInbound(db, { theirs, ours });
  const duration = Number(form.get('CallDuration') ?? form.get('DialCallDuration') ?? NaN);
  const outcome = CALL_OUTCOME[twilioStatus];
  const claim = { provider: 'twilio' as const, eventId: `${sid}:${twilioStatus}`, type: `call.${twilioStatus}`, teamId: route?.teamId, communicationId: existing?.id, payload: paramsOf(form) };
  const result = await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, claim))) return { fresh: false };
    if (!route || existing) return { fresh: true };
    const created = await insertCommunication(tx, {
      teamId: route.teamId,
      leadId: route.leadId,
      channel: 'call',
      direction: inbound ? 'inbound' : 'outbound',
      status: CALL_STATUS[twilioStatus] ?? 'queued',
      fromAddress: form.get('From'),
      toAddress: form.get('To'),
      provider: 'twilio',
      providerId: sid,
      durationSeconds: Number.isInteger(duration) ? duration : null,
      outcome: outcome ?? null,
    });
    return { fresh: true, created };
  });
  if (result.created) await announceToTeam(c, result.created.teamId, 'communication.created', communicationJson(result.created));
  if (result.fresh && existing) {
    // A status callback of a call we know: its duration and outcome, then its status.
    const details = { ...(Number.isInteger(duration) ? { durationSeconds: duration } : {}), ...(outcome ? { outcome } : {}) };
    const current = Object.keys(details).length ? ((await updateCommunication(db, existing.teamId, existing.id, details)) ?? existing) : existing;
    if (CALL_STATUS[twilioStatus]) await moveStatus(c, current, CALL_STATUS[twilioStatus]);
  }
  return twiml(c);
}

async function handleTranscription(c: Context<AppEnv>): Promise<Response> {
  const form = await signedForm(c, ['CallSid']);
  const db = c.get('db');
  const call = await findByProviderId(db, 'call', form.get('CallSid')!);
  const eventId = form.get('TranscriptionSid') ?? `${form.get('CallSid')}:transcription`;
  const fresh = await claimEvent(db, { provider: 'twilio', eventId, type: 'call.transcription', teamId: call?.teamId, communicationId: call?.id, payload: paramsOf(form) });
  const text = form.get('TranscriptionText');
  if (fresh && call && text !== null && (form.get('TranscriptionStatus') ?? 'completed') === 'completed') {
    const updated = await updateCommunication(db, call.teamId, call.id, { transcription: text });
    if (updated) await announceToTeam(c, call.teamId, 'communication.updated', communicationJson(updated));
  }
  return twiml(c);
}

const SIGNATURE_HEADER = z.object({
  'x-twilio-signature': z.string().openapi({ param: { name: 'x-twilio-signature', in: 'header' }, description: 'base64 HMAC-SHA1 of the URL and sorted POST parameters, keyed with TWILIO_AUTH_TOKEN' }),
});

const HOOKS = [
  { path: '/twilio/sms', summary: 'Twilio inbound SMS and message status callbacks', handler: handleSms, fields: ['MessageSid', 'From', 'To', 'Body', 'MessageStatus'] },
  { path: '/twilio/voice', summary: 'Twilio voice call and call status callbacks', handler: handleVoice, fields: ['CallSid', 'From', 'To', 'CallStatus', 'Direction', 'CallDuration'] },
  { path: '/twilio/transcription', summary: 'Twilio call transcription callback', handler: handleTranscription, fields: ['CallSid', 'TranscriptionSid', 'TranscriptionText', 'TranscriptionStatus'] },
] as const;

export function registerTwilioWebhooks(app: OpenAPIHono<AppEnv>): void {
  for (const hook of HOOKS) {
    // Documented here, validated by hand in the handler: the signature must be checked first.
    app.openAPIRegistry.registerPath({
      method: 'post',
      path: hook.path,
      tags: ['webhooks'],
      summary: hook.summary,
      description: 'Form-encoded, as Twilio sends it. X-Twilio-Signature (HMAC-SHA1 of the public URL and the sorted parameters with TWILIO_AUTH_TOKEN) is verified first: an unsigned or forged call is 401 and changes nothing. Each event is applied once, however often Twilio retries it.',
      request: {
        headers: SIGNATURE_HEADER,
        body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: z.object(Object.fromEntries(hook.fields.map((f) => [f, z.string().optional()]))) } } },
      },
      responses: {
        200: { description: 'Empty TwiML', content: { 'text/xml': { schema: z.string().openapi({ example: TWIML }) } } },
        400: ERROR_RESPONSES[400],
        401: { ...ERROR_RESPONSES[401], description: 'Missing or bad X-Twilio-Signature; nothing changed' },
      },
    });
    app.post(hook.path, hook.handler);
  }
}
