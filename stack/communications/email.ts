/**
 * POST /communications/email: sends one email through the stack's mailer (the catcher, MailHog
 * or a relay) and records it in the lead's or property's thread. Each message gets its own
 * Message-ID and points at the thread's earlier ones (In-Reply-To, References) so replies group
 * in mail clients; an X-SMTPAPI header carries `reos_team_id` / `reos_message_id`, which
 * SendGrid's event webhook echoes back. A relay that is down or refuses answers at once with
 * 502 (504 on a timeout): the message stays recorded as `failed` with the error, never lost.
 * Before anything is recorded or sent, the compliance send gate must allow the recipient
 * (marketing: opt-outs, campaign unsubscribes, consent, cadence): a refusal is a 422 naming why.
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { announce } from '../events/announce.js';
import { requireSendAllowed } from '../compliance/refusal.js';
import { MailDeliveryError } from '../mail/mailer.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { checkReferences } from '../lib/team-scope.js';
import { deliveryFailed } from './delivery-failure.js';
import { EmailCreate, Communication } from './schema.js';
import { communicationJson, threadFor, threadMessages, updateCommunication, insertCommunication } from './store.js';

const route = createRoute({
  method: 'post',
  path: '/email',
  tags: ['communications'],
  summary: 'Send an email to a lead or about a property',
  description: 'Sent over SMTP now; recorded in the thread with its Message-ID. 422 (type `https://reos.dev/problems/send-blocked`, with `reasons` and `decision_id`) when the compliance send gate refuses the recipient: nothing is sent. 502/504 when the mail server is down or refuses: the message is recorded `failed` with the error.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(EmailCreate) },
  responses: {
    201: { ...jsonResponse(Communication, 'The email, sent'), headers: { Location: { description: 'URL of the communication', schema: { type: 'string' } } } },
    ...errors(400, 401, 403, 415, 422, 502, 504),
  },
});

/** `<uuid@domain-of-MAIL_FROM>`: a Message-ID the thread's later messages can refer to. */
function messageIdFor(id: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'reos.local';
  return `<${id}@${domain}>`;
}

export function registerSendEmail(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const db = c.get('db');
    await checkReferences(db, user.teamId, [
      { kind: 'lead', id: body.lead_id, pointer: '/lead_id' },
      { kind: 'property', id: body.property_id, pointer: '/property_id' },
    ]);
    const id = crypto.randomUUID();
    await requireSendAllowed(c, { channel: 'email', to: body.to, leadId: body.lead_id, propertyId: body.property_id, context: { source: 'communications.email', communication_id: id } });
    const thread = await threadFor(db, user.teamId, { leadId: body.lead_id, propertyId: body.property_id }, body.subject);
    const earlier = thread ? (await threadMessages(db, thread.id)).flatMap((m) => (m.messageId ? [m.messageId] : [])) : [];
    const from = c.get('config').mail.from;
    const messageId = messageIdFor(id, from);
    const queued = await insertCommunication(db, {
      id,
      teamId: user.teamId,
      leadId: body.lead_id ?? null,
      propertyId: body.property_id ?? null,
      channel: 'email',
      direction: 'outbound',
      status: 'queued',
      toAddress: body.to,
      fromAddress: from,
      subject: body.subject,
      body: body.body,
      messageId,
      provider: 'smtp',
      createdBy: user.id,
    }, thread);
    let row = queued;
    try {
      await c.get('mailer').send({
        to: body.to,
        subject: body.subject,
        text: body.body,
        messageId,
        ...(earlier.length ? { inReplyTo: earlier.at(-1), references: earlier.slice(-20) } : {}),
        // SendGrid reads X-SMTPAPI as plain JSON: sent as is, not MIME-encoded.
        headers: { 'X-SMTPAPI': { prepared: true, value: JSON.stringify({ unique_args: { reos_team_id: user.teamId, reos_message_id: id } }) } },
      });
      row = (await updateCommunication(db, user.teamId, id, { status: 'sent' })) ?? row;
    } catch (error) {
      if (!(error instanceof MailDeliveryError)) throw error;
      row = (await updateCommunication(db, user.teamId, id, { status: 'failed', error: error.message })) ?? row;
      await announce(c, 'communication.created', communicationJson(row));
      const timedOut = (error.cause as { code?: string } | undefined)?.code === 'ETIMEDOUT';
      throw deliveryFailed(row, error, timedOut ? 504 : 502);
    }
    const json = communicationJson(row);
    await announce(c, 'communication.created', json);
    return c.json(json, 201, { Location: `/communications/${id}` });
  });
}
