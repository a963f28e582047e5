/**
 * Stream tokens: what `/sse/token` hands out so that an EventSource, which cannot send
 * headers, can open `/sse/stream?token=...`. Short-lived HS256 JWTs with `typ: "sse"`,
 * audience `reos-sse` and the team in `team`, signed with a key derived from the JWT secret
 * for this one purpose. An access token is refused here and a stream token is refused as an
 * access token (other audience, other `typ`, other key): a URL-borne token can only open a stream.
 */
import crypto from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { StackConfig } from '../config.js';

export const STREAM_AUDIENCE = 'reos-sse';
const STREAM_TYP = 'sse';
const keys = new WeakMap<StackConfig['jwt'], Uint8Array>();

function streamKey(jwt: StackConfig['jwt']): Uint8Array {
  let key = keys.get(jwt);
  if (!key) {
    key = new Uint8Array(crypto.createHmac('sha256', jwt.secret).update('reos/sse-stream-token/v1').digest());
    keys.set(jwt, key);
  }
  return key;
}

export interface StreamClaims {
  userId: string;
  teamId: string;
}

/**
 * @example
 * const token = await signStreamToken(config.jwt, { userId: user.id, teamId: user.teamId }, 60);
 */
export function signStreamToken(jwt: StackConfig['jwt'], claims: StreamClaims, ttlSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ team: claims.teamId, typ: STREAM_TYP })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(jwt.issuer)
    .setAudience(STREAM_AUDIENCE)
    .setIssuedAt(now)
    .setJti(crypto.randomUUID())
    .setExpirationTime(now + ttlSeconds)
    .sign(streamKey(jwt));
}

/**
 * The stream's owner, or why the token is refused.
 *
 * @example
 * const claims = await verifyStreamToken(config.jwt, token);
 * if (typeof claims === 'string') throw unauthorized(`stream token ${claims}`);
 */
export async function verifyStreamToken(jwt: StackConfig['jwt'], token: string): Promise<StreamClaims | 'expired' | 'invalid'> {
  try {
    const { payload } = await jwtVerify(token, streamKey(jwt), {
      algorithms: ['HS256'],
      issuer: jwt.issuer,
      audience: STREAM_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload.typ !== STREAM_TYP || typeof payload.team !== 'string') return 'invalid';
    return { userId: payload.sub!, teamId: payload.team };
  } catch (error) {
    return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
  }
}
