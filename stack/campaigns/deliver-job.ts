/**
 * `campaign.deliver`: the durable job that mails a campaign. POST /campaigns and
 * POST /campaigns/{id}/send insert it in the transaction that records the campaign as sending,
 * so a campaign is never `sending` without a job to send it, and a restart loses nothing. Any
 * worker runs it (the API's inline one or `worker-main`): `deliverCampaign` sends to every
 * recipient still pending and throws the retryable CampaignDeliveryIncomplete while some wait
 * for the relay, so the queue retries with backoff and, out of attempts, dead-letters the job
 * (an admin replays it with POST /jobs/dead-letter/{id}/replay). Delivery is idempotent: a
 * retry or a replay never mails a recipient twice.
 */
import { z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { insertJob, type JobRow } from '../jobs/queue.js';
import { PermanentJobError, registerJobHandler, type JobHandler } from '../jobs/registry.js';
import { invalidRequest } from '../lib/validation.js';
import { isStorableText } from '../lib/text.js';
import { CampaignDeliveryIncomplete, deliverCampaign } from './delivery.js';
import { campaignStats } from './stats.js';
import { campaigns } from './tables.js';

export const CAMPAIGN_DELIVER_JOB = 'campaign.deliver';

/**
 * Attempts before the dead-letter list. With the default JOBS_BACKOFF_MS (1 s, doubling) the
 * last one comes 4 to 8 minutes after the first: a relay restart or a short outage is ridden out.
 */
export const CAMPAIGN_DELIVERY_ATTEMPTS = 10;

const Payload = z.object({ campaign_id: z.string().min(1).max(200) }).strict();

async function findCampaign(db: Db, teamId: string, id: string) {
  if (!isStorableText(id)) return undefined;
  const [row] = await db.select().from(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.teamId, teamId))).limit(1);
  return row;
}

export const campaignDeliverHandler: JobHandler = async ({ job, db, mailer, config, logger, events, signal }) => {
  const id = String(job.payload.campaign_id);
  const campaign = await findCampaign(db, job.teamId, id);
  if (!campaign) throw new PermanentJobError(`Campaign ${id} no longer exists in the team.`);
  try {
    const report = await deliverCampaign({ db, mailer, secret: config.jwt.secret, logger, events, signal }, id);
    const current = (await findCampaign(db, job.teamId, id)) ?? campaign;
    return { campaign_id: id, this_attempt: { sent: report.sent, failed: report.failed, skipped_unsubscribed: report.skipped }, stats: await campaignStats(db, current) };
  } catch (error) {
    // Recipients wait for the relay: the queue's retry (or, out of attempts, an admin's replay) reaches them.
    if (error instanceof CampaignDeliveryIncomplete) throw error;
    // Anything that says no retry can help goes to the dead-letter list at once instead of looping.
    if ((error as { retryable?: unknown }).retryable === false) throw new PermanentJobError((error as Error).message);
    throw error;
  }
};

export function registerCampaignJobs(): void {
  registerJobHandler(CAMPAIGN_DELIVER_JOB, campaignDeliverHandler, {
    payload: Payload,
    maxAttempts: CAMPAIGN_DELIVERY_ATTEMPTS,
    description: 'Mails every pending recipient of a campaign (queued by POST /campaigns and /campaigns/{id}/send; running it again never mails anyone twice)',
    async validate({ db, teamId, payload }) {
      if (!(await findCampaign(db, teamId, String(payload.campaign_id)))) {
        throw invalidRequest('The payload refers to a campaign that does not exist in your team.', [{ detail: `No campaign with id ${String(payload.campaign_id)} in your team.`, pointer: '/payload/campaign_id' }]);
      }
    },
  });
}

/**
 * Queues the delivery of a campaign. Call it inside the transaction that marks the campaign
 * `sending`, then `wakeWorkers()` after the commit so this process's worker starts at once.
 */
export function insertCampaignDelivery(tx: Db, campaign: { id: string; teamId: string; createdBy: string }): Promise<JobRow> {
  return insertJob(tx, { teamId: campaign.teamId, createdBy: campaign.createdBy, type: CAMPAIGN_DELIVER_JOB, payload: { campaign_id: campaign.id }, maxAttempts: CAMPAIGN_DELIVERY_ATTEMPTS });
}
