/**
 * POST /communications/sms: sends one SMS through the configured provider (SMS_PROVIDER: the
 * mock outbox or Twilio) and records it, on the lead's thread when a lead is named.
 * GET /communications/sms/outbox: the mock provider's sent messages, newest first.
 * A provider that refuses or fails answers 502 (504 when too slow); the SMS stays recorded
 * as `failed` with the error. The compliance send gate must allow the number first (do-not-call,
 * opt-outs, consent, cadence): a refusal is a 422 naming why, and nothing is sent or recorded.
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireSendAllowed } from '../compliance/refusal.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { checkReferences } from '../lib/team-scope.js';
import { deliveryFailed } from './delivery-failure.js';
import { Communication, OutboxPage, OutboxQuery, SmsCreate } from './schema.js';
import { SmsProviderError, smsProviderFor } from './sms-provider.js';
import { communicationJson, insertCommunication, updateCommunication } from './store.js';
import { smsOutbox } from './tables.js';

const sendRoute = createRoute({
  method: 'post',
  path: '/sms',
  tags: ['communications'],
  summary: 'Send an SMS',
  description: 'Through SMS_PROVIDER (mock: the outbox at /communications/sms/outbox; twilio: Twilio’s REST API). 422 (type `https://reos.dev/problems/send-blocked`, with `reasons` and `decision_id`) when the compliance send gate refuses the number: nothing is sent. 502/504 when the provider refuses or fails: the SMS is recorded `failed` with the error.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(SmsCreate) },
  responses: {
    201: { ...jsonResponse(Communication, 'The SMS, handed to the provider'), headers: { Location: { description: 'URL of the communication', schema: { type: 'string' } } } },
    ...errors(400, 401, 403, 415, 422, 502, 504),
  },
});

const outboxRoute = createRoute({
  method: 'get',
  path: '/sms/outbox',
  tags: ['communications'],
  summary: 'The mock SMS provider’s outbox',
  description: 'Every SMS the team sent while SMS_PROVIDER=mock, newest first, in Twilio’s terms (sid, to, from, body).',
  security: bearerAuth,
  request: { query: OutboxQuery },
  responses: { 200: jsonResponse(OutboxPage, 'A page of sent messages'), ...errors(401, 422) },
});

export function registerSms(app: OpenAPIHono<AppEnv>): void {
  app.openapi(sendRoute, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const db = c.get('db');
    const config = c.get('config').sms;
    await checkReferences(db, user.teamId, [
      { kind: 'lead', id: body.lead_id, pointer: '/lead_id' },
      { kind: 'property', id: body.property_id, pointer: '/property_id' },
    ]);
    const id = crypto.randomUUID();
    await requireSendAllowed(c, { channel: 'sms', to: body.to, leadId: body.lead_id, propertyId: body.property_id, context: { source: 'communications.sms', communication_id: id } });
    const provider = smsProviderFor(config, db);
    let row = await insertCommunication(db, {
      id,
      teamId: user.teamId,
      leadId: body.lead_id ?? null,
      propertyId: body.property_id ?? null,
      channel: 'sms',
      direction: 'outbound',
      status: 'queued',
      toAddress: body.to,
      fromAddress: config.from,
      body: body.body,
      provider: provider.name,
      createdBy: user.id,
    });
    try {
      const publicBase = c.get('config').webhooks.publicBaseUrl;
      const statusCallback = publicBase ? `${publicBase}/webhooks/twilio/sms` : undefined;
      const sent = await provider.send({ teamId: user.teamId, to: body.to, body: body.body, communicationId: id, statusCallback });
      row = (await updateCommunication(db, user.teamId, id, { status: sent.status === 'sent' ? 'sent' : 'queued', providerId: sent.sid, fromAddress: sent.from })) ?? row;
    } catch (error) {
      if (!(error instanceof SmsProviderError)) throw error;
      row = (await updateCommunication(db, user.teamId, id, { status: 'failed', error: error.message })) ?? row;
      await announce(c, 'communication.created', communicationJson(row));
      throw deliveryFailed(row, error, error.httpStatus);
    }
    const json = communicationJson(row);
    await announce(c, 'communication.created', json);
    return c.json(json, 201, { Location: `/communications/${id}` });
  });

  app.openapi(outboxRoute, async (c) => {
    const query = c.req.valid('query');
    const where = and(eq(smsOutbox.teamId, c.get('user').teamId), query.to ? eq(smsOutbox.toNumber, query.to) : undefined);
    const page = await listPage(c.get('db'), {
      table: smsOutbox,
      where,
      page: query,
      toItem: (r) => ({ sid: r.id, communication_id: r.communicationId, to: r.toNumber, from: r.fromNumber, body: r.body, created_at: r.createdAt.toISOString() }),
    });
    return c.json(page, 200);
  });
}
