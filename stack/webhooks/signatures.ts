/**
 * Provider webhook signature schemes, verified with the configured secrets:
 *
 * - Twilio (`X-Twilio-Signature`): base64 HMAC-SHA1, keyed with the account's auth token, of
 *   the full URL Twilio called followed by every POST parameter sorted by name, each as name
 *   then value with no separators.
 * - SendGrid Signed Event Webhook (`X-Twilio-Email-Event-Webhook-Signature` and `-Timestamp`):
 *   a base64 DER ECDSA P-256 / SHA-256 signature of the timestamp followed by the raw body,
 *   checked with the verification key SendGrid shows (base64 DER SPKI).
 *
 * Comparisons are constant-time; anything unparseable is simply "not valid".
 */
import crypto from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';

/** The string Twilio signs: URL, then each parameter (sorted by name, then value) as name+value. */
export function twilioSignedString(url: string, params: Iterable<[string, string]>): string {
  const sorted = [...params].sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1));
  return url + sorted.map(([k, v]) => k + v).join('');
}

export function twilioSignature(authToken: string, url: string, params: Iterable<[string, string]>): string {
  return crypto.createHmac('sha1', authToken).update(twilioSignedString(url, params), 'utf8').digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function verifyTwilioSignature(authToken: string, url: string, params: Iterable<[string, string]>, signature: string | undefined): boolean {
  if (!signature) return false;
  return safeEqual(twilioSignature(authToken, url, [...params]), signature);
}

const sendgridKeys = new Map<string, crypto.KeyObject>();

function sendgridKey(publicKey: string): crypto.KeyObject {
  let key = sendgridKeys.get(publicKey);
  if (!key) {
    key = /BEGIN PUBLIC KEY/.test(publicKey)
      ? crypto.createPublicKey(publicKey)
      : crypto.createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    sendgridKeys.set(publicKey, key);
  }
  return key;
}

export function verifySendgridSignature(publicKey: string, timestamp: string | undefined, rawBody: string, signature: string | undefined): boolean {
  if (!signature || !timestamp) return false;
  try {
    return crypto.verify('sha256', Buffer.from(timestamp + rawBody, 'utf8'), sendgridKey(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Signs like SendGrid does (tests, demos and the mock key pair). */
export function sendgridSignature(privateKeyDerBase64: string, timestamp: string, rawBody: string): string {
  const key = crypto.createPrivateKey({ key: Buffer.from(privateKeyDerBase64, 'base64'), format: 'der', type: 'pkcs8' });
  return crypto.sign('sha256', Buffer.from(timestamp + rawBody, 'utf8'), key).toString('base64');
}

/**
 * The URL the provider called, as it signed it: PUBLIC_BASE_URL + path and query when set;
 * behind a trusted proxy (TRUST_PROXY=true) from X-Forwarded-Proto / -Host; else the request URL.
 */
export function publicRequestUrl(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const pathAndQuery = url.pathname + url.search;
  const config = c.get('config');
  if (config.webhooks.publicBaseUrl) return config.webhooks.publicBaseUrl + pathAndQuery;
  if (config.trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0].trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0].trim();
    if (proto || host) return `${proto || url.protocol.replace(':', '')}://${host || url.host}${pathAndQuery}`;
  }
  return url.toString();
}
