/**
 * Request signing for provider webhooks, so a scenario can prove that a correctly signed call is
 * accepted and a forged one refused. `sign` on any http request names a scheme and its secret;
 * the signature is computed over exactly what is sent (URL and body) and added as headers.
 *
 * - `twilio`: X-Twilio-Signature = base64 HMAC-SHA1(secret, URL + form params sorted by name, each name+value).
 * - `sendgrid`: SendGrid's Signed Event Webhook: base64 ECDSA P-256/SHA-256 of timestamp + body,
 *   with the private key in `secret` (base64 DER PKCS#8 or PEM); sets the signature and timestamp headers.
 * - `hmac-sha256`: the generic scheme (GitHub, Stripe-like): hex HMAC-SHA256 of the body in `header`.
 *
 * @example
 * http: { method: POST, url: /webhooks/twilio/sms, form: { From: "+15550100123", Body: hi },
 *         sign: { scheme: twilio, secret: "${{ env.TWILIO_AUTH_TOKEN }}" } }
 */
import crypto from 'node:crypto';

export const SIGNING_SCHEMES = ['twilio', 'sendgrid', 'hmac-sha256'] as const;

export interface SignSpec {
  scheme: (typeof SIGNING_SCHEMES)[number];
  secret: string;
  /** The header to set (each scheme has its provider's default). */
  header?: string;
}

export interface SignInput {
  url: string;
  body?: string;
  /** The form parameters when the body is a form (twilio signs them, not the raw body). */
  form?: Record<string, string>;
}

function privateKey(secret: string): crypto.KeyObject {
  return /BEGIN [A-Z ]*PRIVATE KEY/.test(secret)
    ? crypto.createPrivateKey(secret)
    : crypto.createPrivateKey({ key: Buffer.from(secret, 'base64'), format: 'der', type: 'pkcs8' });
}

/** The headers that sign this request; throws on a secret the scheme cannot use. */
export function signatureHeaders(sign: SignSpec, input: SignInput): Record<string, string> {
  switch (sign.scheme) {
    case 'twilio': {
      const params = Object.entries(input.form ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const signed = input.url + params.map(([k, v]) => k + v).join('');
      return { [sign.header ?? 'X-Twilio-Signature']: crypto.createHmac('sha1', sign.secret).update(signed, 'utf8').digest('base64') };
    }
    case 'sendgrid': {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = crypto.sign('sha256', Buffer.from(timestamp + (input.body ?? ''), 'utf8'), privateKey(sign.secret)).toString('base64');
      return { [sign.header ?? 'X-Twilio-Email-Event-Webhook-Signature']: signature, 'X-Twilio-Email-Event-Webhook-Timestamp': timestamp };
    }
    case 'hmac-sha256':
      return { [sign.header ?? 'X-Signature']: crypto.createHmac('sha256', sign.secret).update(input.body ?? '', 'utf8').digest('hex') };
  }
}
