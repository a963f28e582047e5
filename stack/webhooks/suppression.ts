/**
 * Addresses that asked to hear no more (SendGrid `unsubscribe`, `group_unsubscribe`,
 * `spamreport`). Each report is kept in `email_suppression_events`, so none is lost whatever
 * else is deployed; the campaigns domain's suppression list takes it from here.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/client.js';
import { emailSuppressionEvents } from '../communications/tables.js';

export interface SuppressionReport {
  teamId: string;
  email: string;
  /** `sendgrid:unsubscribe`, `sendgrid:spamreport` ... */
  source: string;
  communicationId?: string | null;
}

/** `db` may be a transaction: the report commits with the webhook event's claim. */
export async function suppressAddress(db: Db, report: SuppressionReport): Promise<void> {
  const email = report.email.trim().toLowerCase();
  await db.insert(emailSuppressionEvents).values({ id: crypto.randomUUID(), ...report, email });
  // MERGE POINT (campaigns branch): the one call site of the campaign suppression list.
  // await addUnsubscribe(db, report.teamId, email, report.source);
}
