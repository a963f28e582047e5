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
import { decodeJwt } from 'jose';
import { verifyAccessToken } from '../../auth/tokens.js';
import type { StackConfig } from '../../config.js';
import type { AppEnv } from '../context.js';

const BEARER = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i;

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

const VERIFIED_CAPACITY = 10_000;
/** Tokens already verified, per JWT config, until they expire: clients reuse a token for minutes. */
const verified = new WeakMap<StackConfig['jwt'], Map<string, { userId: string; expiresAtMs: number }>>();

/**
 * The user id of a valid access token, or undefined. The signature is verified (the same check
 * `requireAuth` makes), so nobody can spend another user's budget with a forged subject, and a
 * bad token simply counts against the client address. A verified token is remembered until it
 * expires, so the limiter adds a map lookup, not a second HMAC, to an authenticated request.
 */
export async function userKey(c: Context<AppEnv>): Promise<string | undefined> {
  const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
  if (!token) return undefined;
  const jwt = c.get('config').jwt;
  let cache = verified.get(jwt);
  if (!cache) verified.set(jwt, (cache = new Map()));
  const hit = cache.get(token);
  if (hit && hit.expiresAtMs > Date.now()) return hit.userId;
  const result = await verifyAccessToken(jwt, token);
  if (typeof result !== 'object') return undefined;
  // Full: forget the oldest entry (a Map iterates in insertion order).
  if (cache.size >= VERIFIED_CAPACITY) cache.delete(cache.keys().next().value!);
  cache.set(token, { userId: result.id, expiresAtMs: (decodeJwt(token).exp ?? 0) * 1000 });
  return result.id;
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
