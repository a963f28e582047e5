/**
 * `quick_wins.sms`: one quick-win SMS, queued by POST /quick-wins/generate-and-send. The job
 * asks the send gate again when it runs (an opt-out or a DNC entry added since the queueing
 * still stops it; the same `send_key` keeps the two decisions one send for cadence), then
 * records the SMS on the lead's thread and hands it to the configured provider.
 */
import { z } from '@hono/zod-openapi';
import { checkSend } from '../compliance/gate.js';
import type { Db } from '../db/client.js';
import { insertJob, type JobRow } from '../jobs/queue.js';
import { PermanentJobError, registerJobHandler, type JobHandler } from '../jobs/registry.js';
import { SmsProviderError, smsProviderFor } from '../communications/sms-provider.js';
import { communicationJson, insertCommunication, threadFor, updateCommunication } from '../communications/store.js';

export const QUICK_WIN_SMS_JOB = 'quick_wins.sms';
const ATTEMPTS = 5;

const Payload = z.object({ to: z.string().min(1), body: z.string().min(1), lead_id: z.string().min(1), property_id: z.string().min(1), send_key: z.string().min(1), stage: z.string() }).strict();
export type QuickWinSms = z.infer<typeof Payload>;

export const quickWinSmsHandler: JobHandler = async ({ job, db, config, events, logger }) => {
  const sms = Payload.parse(job.payload);
  const decision = await checkSend(db, {
    teamId: job.teamId, channel: 'sms', to: sms.to, leadId: sms.lead_id, propertyId: sms.property_id, purpose: 'marketing', actorId: job.createdBy,
    context: { source: 'quick_wins.sms', job_id: job.id, stage: sms.stage, send_key: sms.send_key },
  });
  if (!decision.allowed) return { sent: false, decision_id: decision.id, reasons: decision.reasons };
  const provider = smsProviderFor(config.sms, db);
  const id = crypto.randomUUID();
  const thread = await threadFor(db, job.teamId, { leadId: sms.lead_id, propertyId: sms.property_id });
  let row = await insertCommunication(db, {
    id, teamId: job.teamId, leadId: sms.lead_id, propertyId: sms.property_id, channel: 'sms', direction: 'outbound', status: 'queued',
    toAddress: decision.recipient, fromAddress: config.sms.from, body: sms.body, provider: provider.name, createdBy: job.createdBy,
  }, thread);
  try {
    const sent = await provider.send({ teamId: job.teamId, to: decision.recipient, body: sms.body, communicationId: id });
    row = (await updateCommunication(db, job.teamId, id, { status: sent.status === 'sent' ? 'sent' : 'queued', providerId: sent.sid, fromAddress: sent.from })) ?? row;
  } catch (error) {
    if (!(error instanceof SmsProviderError)) throw error;
    row = (await updateCommunication(db, job.teamId, id, { status: 'failed', error: error.message })) ?? row;
    if (!error.retryable) throw new PermanentJobError(error.message);
    throw error;
  } finally {
    await events.publish(job.teamId, 'communication.created', communicationJson(row)).catch((err: unknown) => logger.error({ err, job_id: job.id }, 'domain event not published'));
  }
  return { sent: true, decision_id: decision.id, communication_id: id };
};

export function registerQuickWinJobs(): void {
  registerJobHandler(QUICK_WIN_SMS_JOB, quickWinSmsHandler, { payload: Payload, maxAttempts: ATTEMPTS, internal: true, description: 'Sends one quick-win SMS through the send gate and the SMS provider (queued by POST /quick-wins/generate-and-send)' });
}

export function insertQuickWinSms(db: Db, teamId: string, createdBy: string, sms: QuickWinSms): Promise<JobRow> {
  return insertJob(db, { teamId, createdBy, type: QUICK_WIN_SMS_JOB, payload: sms, maxAttempts: ATTEMPTS });
}
