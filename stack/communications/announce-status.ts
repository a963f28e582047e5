/**
 * Moving a communication's status and telling its team: `communication.status_changed` with
 * the old and new status and the message, only when the status really moved forward.
 */
import type { Context } from 'hono';
import { announceToTeam } from '../events/announce.js';
import type { AppEnv } from '../lib/context.js';
import { communicationJson, updateCommunication, type CommunicationRow } from './store.js';
import { movesForward } from './status.js';

export async function moveStatus(c: Context<AppEnv>, row: CommunicationRow, next: string, extra: { error?: string | null; providerId?: string } = {}): Promise<CommunicationRow> {
  if (!movesForward(row.status, next)) return row;
  const updated = await updateCommunication(c.get('db'), row.teamId, row.id, { status: next, ...extra });
  if (!updated) return row;
  await announceToTeam(c, row.teamId, 'communication.status_changed', {
    id: row.id,
    channel: row.channel,
    from_status: row.status,
    to_status: next,
    communication: communicationJson(updated),
  });
  return updated;
}
