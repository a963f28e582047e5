/**
 * POST /webhooks/sendgrid: SendGrid Event Webhook batches (a JSON array of events), signed with
 * SendGrid's Signed Event Webhook scheme (signatures.ts; key SENDGRID_WEBHOOK_PUBLIC_KEY).
 *
 * Each event finds its communication by the custom args the sender set (`reos_team_id` +
 * `reos_message_id`, sent in X-SMTPAPI) or else by `sg_message_id`, and moves its status
 * (processed -> sent, delivered, open -> opened, click -> clicked, bounce -> bounced, dropped);
 * `unsubscribe`, `group_unsubscribe` and `spamreport` are recorded for the suppression list.
 * An event already seen (same `sg_event_id`) is ignored. A missing or bad signature is 401 and
 * changes nothing; a body that is not a JSON array of events is 400.
 *
 * A campaign mail (custom args `reos_team_id` + `reos_campaign_id` + `reos_recipient_id`, or its
 * SendGrid message id) moves its recipient's status and the campaign's open / click counters
 * (campaigns/provider-events.ts), and unsubscribes land on the team's campaign unsubscribe list.
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { applyCampaignMailEvent, findCampaignMail } from '../campaigns/index.js';
import { moveStatus } from '../communications/announce-status.js';
import type { CommunicationRow } from '../communications/store.js';
import { communications } from '../communications/tables.js';
import type { Db } from '../db/client.js';
import { teams } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { errors, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { claimEvent } from './claim.js';
import { verifySendgridSignature } from './signatures.js';
import { suppressAddress } from './suppression.js';

const EVENT_STATUS: Record<string, string> = { processed: 'sent', delivered: 'delivered', open: 'opened', click: 'clicked', bounce: 'bounced', dropped: 'dropped' };
const SUPPRESSING = new Set(['unsubscribe', 'group_unsubscribe', 'spamreport']);

const SendgridEvent = z
  .object({
    event: z.string().min(1),
    email: z.string().optional(),
    timestamp: z.number().optional(),
    sg_event_id: z.string().optional(),
    sg_message_id: z.string().optional(),
    reos_team_id: z.string().optional(),
    reos_message_id: z.string().optional(),
    reos_campaign_id: z.string().optional(),
    reos_recipient_id: z.string().optional(),
  })
  .passthrough()
  .openapi('SendgridEvent');
type SendgridEvent = z.infer<typeof SendgridEvent>;

const Summary = z
  .object({
    received: z.number().int().openapi({ description: 'Events in the batch' }),
    applied: z.number().int().openapi({ description: 'Events seen for the first time and processed' }),
    duplicates: z.number().int().openapi({ description: 'Events already processed (same sg_event_id), ignored' }),
  })
  .openapi('SendgridWebhookSummary');

const route = createRoute({
  method: 'post',
  path: '/sendgrid',
  tags: ['webhooks'],
  summary: 'SendGrid Event Webhook (signed)',
  description: 'Verified with the Signed Event Webhook key (ECDSA over timestamp + body) before anything is read: an unsigned or forged call is 401 and changes nothing. Each event is applied once.',
  request: {
    headers: z.object({
      'x-twilio-email-event-webhook-signature': z.string().optional().openapi({ param: { name: 'x-twilio-email-event-webhook-signature', in: 'header' }, description: 'base64 ECDSA signature of timestamp + body' }),
      'x-twilio-email-event-webhook-timestamp': z.string().optional().openapi({ param: { name: 'x-twilio-email-event-webhook-timestamp', in: 'header' } }),
    }),
    // Documented, not validated here: the signature is checked over the raw bytes first.
    body: { required: true, content: { 'application/json': { schema: z.array(SendgridEvent) } } },
  },
  responses: { 200: jsonResponse(Summary, 'The batch was processed'), ...errors(400, 401, 415) },
});

async function findCommunication(db: Db, event: SendgridEvent): Promise<CommunicationRow | undefined> {
  if (event.reos_message_id && event.reos_team_id) {
    const [row] = await db.select().from(communications).where(and(eq(communications.id, event.reos_message_id), eq(communications.teamId, event.reos_team_id))).limit(1);
    if (row) return row;
  }
  // sg_message_id is the X-Message-Id SendGrid returned, followed by ".filter..." routing data.
  const sgId = event.sg_message_id?.split('.')[0];
  if (!sgId) return undefined;
  const [row] = await db.select().from(communications).where(and(eq(communications.channel, 'email'), eq(communications.providerId, sgId))).limit(1);
  return row;
}

async function teamOf(db: Db, event: SendgridEvent, row: CommunicationRow | undefined): Promise<string | undefined> {
  if (row) return row.teamId;
  if (!event.reos_team_id) return undefined;
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, event.reos_team_id)).limit(1);
  return team?.id;
}

function parseBatch(raw: string): SendgridEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ProblemError(400, { detail: 'The body is not valid JSON.' });
  }
  const result = z.array(SendgridEvent).safeParse(parsed);
  if (!result.success) throw new ProblemError(400, { detail: 'The body must be a JSON array of SendGrid events, each with an `event` name.' });
  return result.data;
}

/** Applies one event once; returns false for a duplicate. */
async function applyEvent(c: Context<AppEnv>, event: SendgridEvent): Promise<boolean> {
  const db = c.get('db');
  const row = await findCommunication(db, event);
  const campaignMail = row ? undefined : await findCampaignMail(db, { ...event, providerMessageId: event.sg_message_id?.split('.')[0] });
  const teamId = campaignMail?.teamId ?? (await teamOf(db, event, row));
  const eventId = event.sg_event_id ?? crypto.createHash('sha256').update(JSON.stringify(event)).digest('hex');
  const fresh = await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, { provider: 'sendgrid', eventId, type: event.event, teamId, communicationId: row?.id, payload: event }))) return false;
    if (SUPPRESSING.has(event.event) && teamId && event.email) {
      await suppressAddress(tx, { teamId, email: event.email, source: `sendgrid:${event.event}`, communicationId: row?.id });
    }
    if (campaignMail) await applyCampaignMailEvent(tx, campaignMail, { event: event.event, reason: typeof event.reason === 'string' ? event.reason : undefined });
    return true;
  });
  const next = EVENT_STATUS[event.event];
  if (fresh && row && next) {
    const reason = typeof event.reason === 'string' ? event.reason : undefined;
    await moveStatus(c, row, next, next === 'bounced' || next === 'dropped' ? { error: reason ?? `SendGrid reported ${event.event}` } : {});
  }
  return fresh;
}

export function registerSendgridWebhook(app: OpenAPIHono<AppEnv>): void {
  // A plain handler: zod must not read the body before the signature is checked over its bytes.
  app.openAPIRegistry.registerPath(route);
  app.post('/sendgrid', async (c) => {
    const key = c.get('config').webhooks.sendgridPublicKey;
    const raw = await c.req.text();
    if (!key) throw new ProblemError(401, { detail: 'The SendGrid webhook is not configured: set SENDGRID_WEBHOOK_PUBLIC_KEY.' });
    const signature = c.req.header('x-twilio-email-event-webhook-signature');
    const timestamp = c.req.header('x-twilio-email-event-webhook-timestamp');
    if (!verifySendgridSignature(key, timestamp, raw, signature)) {
      throw new ProblemError(401, { detail: 'The SendGrid event webhook signature is missing or does not match this body.' });
    }
    const events = parseBatch(raw);
    let applied = 0;
    for (const event of events) if (await applyEvent(c, event)) applied += 1;
    return c.json({ received: events.length, applied, duplicates: events.length - applied }, 200);
  });
}
