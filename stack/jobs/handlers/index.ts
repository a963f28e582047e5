/**
 * The job types the stack ships: the property memo and enrichment, campaign delivery and the
 * password-reset mail (registered by their domains); other domains call `registerJobHandler` for theirs.
 */
import { registerPasswordResetJobs } from '../../auth/reset-mail-job.js';
import { registerCampaignJobs } from '../../campaigns/deliver-job.js';
import { registerQuickWinJobs } from '../../quick-wins/sms-job.js';
import { registerJobHandler } from '../registry.js';
import { EnrichmentJobPayload, enrichmentHandler, ENRICHMENT_JOB } from './enrichment.js';
import { memoHandler, MEMO_JOB } from './memo.js';
import { PropertyJobPayload, validatePropertyPayload } from './property.js';

export { MEMO_JOB } from './memo.js';
export { ENRICHMENT_JOB } from './enrichment.js';

let registered = false;

export function registerBuiltInJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(MEMO_JOB, memoHandler, {
    payload: PropertyJobPayload,
    validate: validatePropertyPayload,
    description: 'A one-page PDF memo of the property, stored and served by GET /jobs/{id}/result',
  });
  registerJobHandler(ENRICHMENT_JOB, enrichmentHandler, {
    payload: EnrichmentJobPayload,
    validate: validatePropertyPayload,
    description: 'Matches the property against the shipped open data (fills empty fields, parcel attributes, provenance, signals) and derives facts (price per sq ft, price band, completeness)',
  });
  registerCampaignJobs();
  registerPasswordResetJobs();
  registerQuickWinJobs();
}
