/**
 * Provider events are delivered at least once (Twilio and SendGrid both retry). Each is claimed
 * by (provider, event id) with one insert: the first delivery wins and is applied, a repeat
 * finds the claim and changes nothing.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/client.js';
import { webhookEvents } from '../communications/tables.js';

export interface ClaimInput {
  provider: 'sendgrid' | 'twilio';
  eventId: string;
  type: string;
  teamId?: string | null;
  communicationId?: string | null;
  payload: unknown;
}

/** True when this is the first delivery of the event. `db` may be a transaction. */
export async function claimEvent(db: Db, input: ClaimInput): Promise<boolean> {
  const rows = await db
    .insert(webhookEvents)
    .values({ id: crypto.randomUUID(), ...input, payload: input.payload as object })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return rows.length === 1;
}
