/**
 * Sending a campaign. `deliverCampaign` mails every recipient still `queued` or `retrying` and
 * is safe to run again. Each recipient passes the compliance send gate first (checkSend,
 * marketing): one it refuses is settled `skipped_unsubscribed` (a campaign unsubscribe alone) or
 * `blocked` with the reasons in last_error, and is never mailed. Then: a recipient is claimed (a short lease) before its mail goes out, and one
 * already `sent` is never picked again. An unreachable relay leaves the rest `retrying` with the
 * error and the attempt count recorded; then it throws a retryable error so the job queue
 * retries it (the `campaign.deliver` job, deliver-job.ts, is the only caller outside tests).
 */
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { properties, teams, users } from '../db/schema.js';
import type { EventBus } from '../events/types.js';
import { StackError } from '../lib/errors.js';
import { leads } from '../db/schema.js';
import { MailDeliveryError, type Mailer } from '../mail/mailer.js';
import { checkSend, describeReasons } from '../compliance/gate.js';
import { campaignMessage, type MessageContext } from './message.js';
import { unsubscribeUrl } from './suppressions.js';
import { campaignRecipients, campaigns, type RecipientStatus } from './tables.js';
import { campaignStats } from './stats.js';

export interface DeliveryDeps {
  db: Db;
  mailer: Mailer;
  /** Signs the unsubscribe links (the JWT secret; a key is derived from it). */
  secret: string;
  logger: Logger;
  events?: EventBus;
  /** Aborted when the job is cancelled or its worker stops: no further recipient is started. */
  signal?: AbortSignal;
}

/** Thrown when some recipients are left `retrying`: running the delivery again may reach them. */
export class CampaignDeliveryIncomplete extends StackError {
  readonly retryable = true;
  constructor(campaignId: string, retrying: number, cause?: unknown) {
    super('CAMPAIGN_DELIVERY_INCOMPLETE', `Campaign ${campaignId}: ${retrying} recipient(s) could not be mailed yet and wait for a retry.`, { cause });
  }
}

export interface DeliveryReport {
  campaignId: string;
  sent: number;
  failed: number;
  skipped: number;
  retrying: number;
}

const CLAIM_SECONDS = 120;
/** Mails in flight at once for one campaign. */
const SEND_CONCURRENCY = 4;
const PENDING: RecipientStatus[] = ['queued', 'retrying'];

async function messageContext(db: Db, campaign: typeof campaigns.$inferSelect): Promise<MessageContext> {
  const [[agent], [team], [property]] = await Promise.all([
    db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, campaign.createdBy)),
    db.select({ name: teams.name }).from(teams).where(eq(teams.id, campaign.teamId)),
    campaign.propertyId ? db.select().from(properties).where(and(eq(properties.id, campaign.propertyId), eq(properties.teamId, campaign.teamId))) : Promise.resolve([]),
  ]);
  return { campaign, agent: agent ?? { name: 'Your agent', email: '' }, teamName: team?.name ?? 'Real Estate OS', property };
}

/** Takes the recipient for this run, or returns false when another run holds it or it is done. */
async function claim(db: Db, recipientId: string): Promise<boolean> {
  const rows = await db
    .update(campaignRecipients)
    .set({ claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
    .where(and(eq(campaignRecipients.id, recipientId), inArray(campaignRecipients.status, PENDING), or(isNull(campaignRecipients.claimedUntil), lt(campaignRecipients.claimedUntil, sql`now()`))))
    .returning({ id: campaignRecipients.id });
  return rows.length > 0;
}

async function settle(db: Db, recipientId: string, fields: Partial<typeof campaignRecipients.$inferInsert>, attempted: boolean): Promise<void> {
  await db
    .update(campaignRecipients)
    .set({ ...fields, claimedUntil: null, updatedAt: sql`now()`, ...(attempted ? { attempts: sql`${campaignRecipients.attempts} + 1` } : {}) })
    .where(eq(campaignRecipients.id, recipientId));
}

/**
 * Mails every pending recipient of the campaign once; returns what happened. Throws
 * CampaignDeliveryIncomplete (retryable) when recipients are left `retrying`.
 */
export async function deliverCampaign(deps: DeliveryDeps, campaignId: string): Promise<DeliveryReport> {
  const { db } = deps;
  const report: DeliveryReport = { campaignId, sent: 0, failed: 0, skipped: 0, retrying: 0 };
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign || campaign.status === 'draft') return report;
  const ctx = await messageContext(db, campaign);
  const pending = await db
    .select({ id: campaignRecipients.id, email: campaignRecipients.email, leadId: campaignRecipients.leadId, leadName: leads.name })
    .from(campaignRecipients)
    .leftJoin(leads, eq(leads.id, campaignRecipients.leadId))
    .where(and(eq(campaignRecipients.campaignId, campaignId), inArray(campaignRecipients.status, PENDING)))
    .orderBy(campaignRecipients.email);
  const run: DeliveryRun = { deps, campaign, ctx, report };
  // A few mails in flight at once (the mailer pools its connections); each worker takes the next recipient.
  const queue = [...pending];
  const worker = async () => {
    for (let next = queue.shift(); next && !deps.signal?.aborted; next = queue.shift()) await deliverOne(run, next);
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, worker));
  await finishIfDone(deps, campaign);
  const stats = await campaignStats(db, campaign);
  if (stats.pending > 0 && report.retrying > 0) throw new CampaignDeliveryIncomplete(campaignId, report.retrying, run.relayDown);
  return report;
}

interface DeliveryRun {
  deps: DeliveryDeps;
  campaign: typeof campaigns.$inferSelect;
  ctx: MessageContext;
  report: DeliveryReport;
  /** Set once the relay proved unreachable: the recipients not yet tried wait for the retry instead of each timing out. */
  relayDown?: MailDeliveryError;
}

interface PendingRecipient {
  id: string;
  email: string;
  leadId: string | null;
  leadName: string | null;
}

/** One recipient: claim, then defer (relay down), skip (the send gate refuses) or send, and record the outcome. */
async function deliverOne(run: DeliveryRun, recipient: PendingRecipient): Promise<void> {
  const { deps, campaign, report } = run;
  const { db } = deps;
  if (!(await claim(db, recipient.id))) return;
  if (run.relayDown) {
    await settle(db, recipient.id, { status: 'retrying', lastError: run.relayDown.message }, false);
    report.retrying++;
    return;
  }
  if (!(await passesGate(run, recipient))) return;
  const url = unsubscribeUrl(campaign.linkBase, deps.secret, { teamId: campaign.teamId, email: recipient.email });
  try {
    const sent = await deps.mailer.send(campaignMessage(run.ctx, { id: recipient.id, email: recipient.email, leadName: recipient.leadName, unsubscribeUrl: url }));
    await settle(db, recipient.id, { status: 'sent', messageId: sent.messageId, sentAt: sql`now()` as never, lastError: null }, true);
    report.sent++;
  } catch (error) {
    const retryable = !(error instanceof MailDeliveryError) || error.retryable;
    if (error instanceof MailDeliveryError && error.code === 'MAIL_UNREACHABLE') run.relayDown ??= error;
    await settle(db, recipient.id, { status: retryable ? 'retrying' : 'failed', lastError: (error as Error).message }, true);
    if (retryable) report.retrying++;
    else report.failed++;
    deps.logger.warn({ err: error, campaign_id: campaign.id, recipient_id: recipient.id }, 'campaign mail not delivered');
  }
}

/** Asks the send gate; a refused recipient is settled (skipped or blocked, with the reasons) and announced. */
async function passesGate(run: DeliveryRun, recipient: PendingRecipient): Promise<boolean> {
  const { deps, campaign, report } = run;
  const decision = await checkSend(deps.db, {
    teamId: campaign.teamId,
    channel: 'email',
    to: recipient.email,
    leadId: recipient.leadId,
    propertyId: campaign.propertyId,
    purpose: 'marketing',
    actorId: campaign.createdBy,
    // send_key: a retry of this recipient after a relay outage counts once against cadence rules.
    context: { source: 'campaign', campaign_id: campaign.id, campaign_recipient_id: recipient.id, send_key: `campaign_recipient:${recipient.id}` },
  });
  if (decision.allowed) return true;
  const unsubscribedOnly = decision.reasons.every((r) => r.code === 'unsubscribed');
  await settle(deps.db, recipient.id, { status: unsubscribedOnly ? 'skipped_unsubscribed' : 'blocked', lastError: describeReasons(decision.reasons) }, false);
  report.skipped++;
  try {
    await deps.events?.publish(campaign.teamId, 'compliance.send_blocked', { decision_id: decision.id, channel: 'email', recipient: decision.recipient, reasons: decision.reasons, campaign_id: campaign.id });
  } catch (error) {
    deps.logger.error({ err: error, campaign_id: campaign.id }, 'domain event not published');
  }
  return false;
}

/** Marks the campaign completed once nothing is pending, and announces it once. */
async function finishIfDone(deps: DeliveryDeps, campaign: typeof campaigns.$inferSelect): Promise<void> {
  const [left] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, campaign.id), inArray(campaignRecipients.status, PENDING)));
  if (left.n > 0) return;
  const [done] = await deps.db
    .update(campaigns)
    .set({ status: 'completed', completedAt: sql`now()` as never, updatedAt: sql`now()` as never })
    .where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'sending')))
    .returning();
  if (!done || !deps.events) return;
  try {
    await deps.events.publish(campaign.teamId, 'campaign.completed', await campaignStats(deps.db, done));
  } catch (error) {
    deps.logger.error({ err: error, campaign_id: campaign.id }, 'domain event not published');
  }
}
