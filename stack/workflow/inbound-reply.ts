/**
 * What a lead's reply (an inbound SMS, or an inbound email) sets in motion, called by the code
 * that stores the message, inside its transaction: so the message, the assignment and the task
 * are all committed or none is, and no event subscriber can miss one.
 *
 * 1. An unassigned lead is assigned by the team's strategy when auto-assign on reply is on, and
 *    the assignment is recorded as a lead activity.
 * 2. A follow-up task (due in a day) is created for the lead's assignee.
 *
 * The caller announces the returned rows after the commit (`announceInboundReply`).
 */
import type { Context } from 'hono';
import type { Db } from '../db/client.js';
import { leadActivities, leads } from '../db/schema.js';
import { announceToTeam } from '../events/announce.js';
import type { AppEnv } from '../lib/context.js';
import { nextRevision } from '../lib/preconditions.js';
import { findInTeam, inTeam } from '../lib/team-scope.js';
import { leadJson } from '../leads/serialize.js';
import { pickAssignee, readSettings } from './auto-assign.js';
import { taskJson, type TaskRow } from './serialize.js';
import { insertTask } from './tasks.js';

type LeadRow = typeof leads.$inferSelect;

/** Actor of what the platform records by itself. */
export const SYSTEM_ACTOR = 'system';

const FOLLOW_UP_MS = 24 * 60 * 60 * 1000;
const CHANNEL_NAMES = { sms: 'SMS', email: 'email' } as const;

export interface InboundReply {
  teamId: string;
  leadId: string | null;
  communicationId: string;
  channel: keyof typeof CHANNEL_NAMES;
  body: string | null;
}

export interface InboundReplyOutcome {
  task: TaskRow;
  /** The lead, when this reply assigned it. */
  assigned?: LeadRow;
}

async function autoAssign(tx: Db, lead: LeadRow, channel: string): Promise<LeadRow | undefined> {
  const settings = await readSettings(tx, lead.teamId, true);
  if (!settings?.autoAssignOnReply) return undefined;
  const assignee = await pickAssignee(tx, settings);
  if (!assignee) return undefined;
  const [assigned] = await tx.update(leads).set({ assignedTo: assignee, ...nextRevision(leads) }).where(inTeam(leads, lead)).returning();
  await tx.insert(leadActivities).values({
    id: crypto.randomUUID(),
    teamId: lead.teamId,
    leadId: lead.id,
    actorId: SYSTEM_ACTOR,
    type: 'note',
    note: `Auto-assigned to ${assignee} (${settings.strategy}) when the lead replied by ${channel}.`,
    outcome: 'auto_assigned',
  });
  return assigned;
}

function excerpt(text: string | null): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** Assigns (if set up) and creates the follow-up task; nothing for a message with no lead. */
export async function handleInboundReply(tx: Db, reply: InboundReply): Promise<InboundReplyOutcome | undefined> {
  if (!reply.leadId) return undefined;
  const channel = CHANNEL_NAMES[reply.channel];
  // Locked: two replies at once assign the lead once.
  let lead = await findInTeam(tx, leads, { teamId: reply.teamId, id: reply.leadId }, { noun: 'lead', lock: true });
  const assigned = lead.assignedTo ? undefined : await autoAssign(tx, lead, channel);
  lead = assigned ?? lead;
  const task = await insertTask(tx, {
    teamId: lead.teamId,
    title: `Follow up: ${lead.name} replied by ${channel}`,
    notes: excerpt(reply.body) || null,
    assigneeId: lead.assignedTo,
    dueAt: new Date(Date.now() + FOLLOW_UP_MS),
    leadId: lead.id,
    propertyId: lead.propertyId,
    source: 'inbound_reply',
    communicationId: reply.communicationId,
    createdBy: null,
  });
  return { task, assigned };
}

/** After the commit: task.created, and lead.updated when the reply assigned the lead. */
export async function announceInboundReply(c: Context<AppEnv>, outcome: InboundReplyOutcome | undefined): Promise<void> {
  if (!outcome) return;
  await announceToTeam(c, outcome.task.teamId, 'task.created', taskJson(outcome.task));
  if (outcome.assigned) await announceToTeam(c, outcome.assigned.teamId, 'lead.updated', leadJson(outcome.assigned));
}
