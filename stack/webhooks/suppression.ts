/**
 * Addresses that asked to hear no more (SendGrid `unsubscribe`, `group_unsubscribe`,
 * `spamreport`). Each report is kept in `email_suppression_events` (the history, one row per
 * report) and the address goes on the team's campaign unsubscribe list (once), in the webhook
 * event's transaction.
 */
import crypto from 'node:crypto';
import { addUnsubscribe } from '../campaigns/index.js';
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
  // The campaign unsubscribe list: the team's next campaign skips the address.
  await addUnsubscribe(db, report.teamId, email, report.source);
}
