/**
 * What a route handler calls after a successful write to tell the caller's team about it.
 * The write already happened, so a failure here is logged, never turned into an error response:
 * a client retrying a "failed" create would otherwise make a second row.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { KnownEventType } from './types.js';

/**
 * Publishes `type` with `data` to the caller's team; resolves once persisted and fanned out.
 *
 * @example
 * const row = await insertProperty(...);
 * await announce(c, 'property.created', toPropertyJson(row));
 * return c.json(toPropertyJson(row), 201);
 */
export async function announce(c: Context<AppEnv>, type: KnownEventType | (string & {}), data: unknown): Promise<void> {
  const user = c.get('user');
  try {
    await c.get('events').publish(user.teamId, type, data);
  } catch (error) {
    c.get('logger').error({ request_id: c.get('requestId'), err: error, event_type: type }, 'domain event not published');
  }
}

/**
 * `announce` for a route with no signed-in user (a provider webhook): the team comes from the
 * data the route matched, not from a token. Same guarantees: logged, never thrown.
 */
export async function announceToTeam(c: Context<AppEnv>, teamId: string, type: KnownEventType | (string & {}), data: unknown): Promise<void> {
  try {
    await c.get('events').publish(teamId, type, data);
  } catch (error) {
    c.get('logger').error({ request_id: c.get('requestId'), err: error, event_type: type }, 'domain event not published');
  }
}
