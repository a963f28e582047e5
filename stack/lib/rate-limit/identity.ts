/**
 * Who a request counts against: the client address, the authenticated user, or the account a
 * login names. Keys never carry raw personal data into a shared store (emails are hashed).
 *
 * The client address is the socket's peer. `X-Forwarded-For` is read only with
 * `TRUST_PROXY=true`, and then its first entry: the proxy in front must overwrite the header
 * with the peer it saw (nginx `proxy_set_header X-Forwarded-For $remote_addr;`), because a
 * first entry the client wrote itself would let it pick its own budget. IPv6 addresses count
 * per /64, the block one subscriber controls; `app.request()` has no socket and counts as `local`.
 */
import crypto from 'node:crypto';
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { authenticate } from '../auth-guard.js';
import type { AppEnv } from '../context.js';


/** Expands `::` and returns the first four groups: the /64 network. */
function ipv6Network(address: string): string {
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** One budget per IPv4 address, per IPv6 /64; IPv4-mapped IPv6 counts as the IPv4 address. */
export function normalizeAddress(address: string): string {
  const unzoned = address.split('%')[0];
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unzoned);
  if (mapped) return mapped[1];
  return isIP(unzoned) === 6 ? ipv6Network(unzoned) : unzoned;
}

function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: unknown; server?: unknown } | undefined;
  if (!env?.incoming && !env?.server) return undefined;
  return getConnInfo(c).remote.address;
}

/**
 * The client's rate-limit key.
 *
 * @example
 * clientKey(c, { trustProxy: false }); // '203.0.113.7', or 'local' under app.request()
 */
export function clientKey(c: Context, options: { trustProxy: boolean }): string {
  if (options.trustProxy) {
    const first = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (first && isIP(first.split('%')[0])) return normalizeAddress(first);
  }
  const address = socketAddress(c);
  return address ? normalizeAddress(address) : 'local';
}

/**
 * The user id of a valid access token, or undefined. The signature is verified (the same check,
 * and the same per-token cache, as `requireAuth`: see `authenticate`), so nobody can spend
 * another user's budget with a forged subject, and a bad token counts against the client address.
 */
export async function userKey(c: Context<AppEnv>): Promise<string | undefined> {
  const result = await authenticate(c);
  return typeof result === 'object' ? result.id : undefined;
}

/**
 * The account a login body names: its `email`, trimmed and lower-cased, hashed. Any JSON body
 * with a string `email` counts (`{"email":"invalid"}` too); anything else has no account.
 */
export async function accountKey(c: Context): Promise<string | undefined> {
  let email: unknown;
  try {
    email = (JSON.parse(await c.req.text()) as { email?: unknown } | null)?.email;
  } catch {
    return undefined;
  }
  if (typeof email !== 'string' || email.trim() === '') return undefined;
  return crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 32);
}
