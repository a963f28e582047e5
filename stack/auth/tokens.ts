/**
 * Access tokens are short-lived HS256 JWTs (jose) with `iss`, `aud` and `typ: "access"`, checked
 * against an algorithm allow-list (RFC 8725). Refresh tokens are opaque random strings stored
 * only as a SHA-256 hash, so a leaked database does not leak usable tokens.
 */
import crypto from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { StackConfig } from '../config.js';
import type { AuthUser, Role } from '../lib/context.js';

const ALGORITHMS = ['HS256'];
const keys = new WeakMap<StackConfig['jwt'], Uint8Array>();

function keyOf(jwt: StackConfig['jwt']): Uint8Array {
  let key = keys.get(jwt);
  if (!key) {
    key = new TextEncoder().encode(jwt.secret);
    keys.set(jwt, key);
  }
  return key;
}

export async function signAccessToken(jwt: StackConfig['jwt'], user: AuthUser): Promise<string> {
  return new SignJWT({ team: user.teamId, role: user.role, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(`${jwt.accessTtlSeconds}s`)
    .sign(keyOf(jwt));
}

export type TokenFailure = 'expired' | 'invalid';

/** Verifies an access token; returns the caller or why it was refused. */
export async function verifyAccessToken(jwt: StackConfig['jwt'], token: string): Promise<AuthUser | TokenFailure> {
  try {
    const { payload } = await jwtVerify(token, keyOf(jwt), {
      algorithms: ALGORITHMS,
      issuer: jwt.issuer,
      audience: jwt.audience,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    const role = payload.role as Role;
    if (payload.typ !== 'access' || typeof payload.team !== 'string' || !['admin', 'agent', 'viewer'].includes(role)) return 'invalid';
    return { id: payload.sub!, teamId: payload.team, role };
  } catch (error) {
    return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
  }
}

export function newRefreshToken(): string {
  return `rt_${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
