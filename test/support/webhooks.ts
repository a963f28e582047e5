/**
 * Signed provider webhooks for tests: a Twilio form post (X-Twilio-Signature over the URL the
 * test app sees) and a SendGrid event batch (signed with the mock key pair).
 */
import { MOCK_SENDGRID_WEBHOOK_PRIVATE_KEY } from '../../stack/config.js';
import { sendgridSignature, twilioSignature } from '../../stack/webhooks/signatures.js';
import type { TestApp, TestResponse } from './app.js';

/** `app.request('/x')` sees `http://localhost/x`: the URL Twilio "called". */
export const TEST_BASE_URL = 'http://localhost';

export function postTwilio(t: TestApp, path: string, params: Record<string, string>, options: { signature?: string | null; token?: string } = {}): Promise<TestResponse> {
  const form = new URLSearchParams(params);
  const signature = options.signature === undefined ? twilioSignature(options.token ?? t.config.sms.authToken!, TEST_BASE_URL + path, form) : options.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['X-Twilio-Signature'] = signature;
  return t.send('POST', path, { body: form.toString(), headers });
}

export function postSendgrid(t: TestApp, events: unknown, options: { signature?: string | null; raw?: string } = {}): Promise<TestResponse> {
  const raw = options.raw ?? JSON.stringify(events);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = options.signature === undefined ? sendgridSignature(MOCK_SENDGRID_WEBHOOK_PRIVATE_KEY, timestamp, raw) : options.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Twilio-Email-Event-Webhook-Timestamp': timestamp };
  if (signature !== null) headers['X-Twilio-Email-Event-Webhook-Signature'] = signature;
  return t.send('POST', '/webhooks/sendgrid', { body: raw, headers });
}
