/**
 * The send gate for a route that sends one message now (POST /communications/email, /sms):
 * asks `checkSend` for the signed-in user's team and, when refused, announces
 * `compliance.send_blocked` and throws a 422 problem naming every reason (with the decision id,
 * to find it in GET /compliance/decisions). Nothing has been sent or recorded as a message.
 *
 * @example
 * await requireSendAllowed(c, { channel: 'sms', to: body.to, leadId: body.lead_id, context: { source: 'communications.sms' } });
 */
import type { Context } from 'hono';
import { announce } from '../events/announce.js';
import type { AppEnv } from '../lib/context.js';
import { ProblemError } from '../lib/problem.js';
import { checkSend, describeReasons, type SendDecision, type SendRequest } from './gate.js';

export const SEND_BLOCKED_TYPE = 'https://reos.dev/problems/send-blocked';
export const SEND_BLOCKED_TITLE = 'The recipient must not be contacted';

export function sendBlocked(decision: SendDecision): ProblemError {
  return new ProblemError(422, {
    type: SEND_BLOCKED_TYPE,
    title: SEND_BLOCKED_TITLE,
    detail: `Not sent to ${decision.recipient}: ${describeReasons(decision.reasons)}`,
    extensions: { decision_id: decision.id, reasons: decision.reasons },
  });
}

export async function requireSendAllowed(c: Context<AppEnv>, request: Omit<SendRequest, 'teamId' | 'actorId' | 'purpose'> & { purpose?: SendRequest['purpose'] }): Promise<SendDecision> {
  const user = c.get('user');
  const decision = await checkSend(c.get('db'), { purpose: 'marketing', ...request, teamId: user.teamId, actorId: user.id, context: { request_id: c.get('requestId'), ...request.context } });
  if (decision.allowed) return decision;
  await announce(c, 'compliance.send_blocked', { decision_id: decision.id, channel: decision.channel, recipient: decision.recipient, reasons: decision.reasons, source: request.context?.source ?? null });
  throw sendBlocked(decision);
}
