/** The http step's `sign` option: what it sends is what the stack's own verifiers accept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_SENDGRID_WEBHOOK_PRIVATE_KEY, MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY } from '../../stack/config.js';
import { verifySendgridSignature, verifyTwilioSignature } from '../../stack/webhooks/signatures.js';
import { loadYaml, runYaml, step } from './support/scenarios.js';
import { sendJson, startServer, type TestServer } from './support/servers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => sendJson(res, 200, { ok: true }));
});
afterAll(() => server.close());

const last = () => server.requests.at(-1)!;

describe('http step `sign`', () => {
  it('twilio: X-Twilio-Signature over the full URL and the sorted form parameters', async () => {
    const result = await runYaml(
      `name: sign-twilio
area: services
severity: minor
steps:
  - id: hook
    http:
      method: POST
      url: /webhooks/twilio/sms?x=1
      form: { To: "+15005550006", From: "+15550100123", Body: "Yes, 10am", MessageSid: SM1 }
      sign: { scheme: twilio, secret: the-token }
    expect: { status: 200 }
`,
      server.url,
    );
    expect(result.status).toBe('passed');
    const request = last();
    const params = [...new URLSearchParams(request.body).entries()];
    const url = `${server.url}/webhooks/twilio/sms?x=1`;
    expect(verifyTwilioSignature('the-token', url, params, request.headers['x-twilio-signature'] as string)).toBe(true);
    expect(verifyTwilioSignature('another-token', url, params, request.headers['x-twilio-signature'] as string)).toBe(false);
    // The transcript shows the signature header, never the secret.
    expect(JSON.stringify(step(result, 'hook').exchanges)).not.toContain('the-token');
  });

  it('sendgrid: an ECDSA signature of timestamp + body that the public key verifies', async () => {
    await runYaml(
      `name: sign-sendgrid
area: services
severity: minor
steps:
  - id: hook
    http:
      method: POST
      url: /webhooks/sendgrid
      json: [{ event: delivered, sg_event_id: e1 }]
      sign: { scheme: sendgrid, secret: "${MOCK_SENDGRID_WEBHOOK_PRIVATE_KEY}" }
`,
      server.url,
    );
    const request = last();
    const timestamp = request.headers['x-twilio-email-event-webhook-timestamp'] as string;
    expect(timestamp).toMatch(/^\d+$/);
    expect(verifySendgridSignature(MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, timestamp, request.body, request.headers['x-twilio-email-event-webhook-signature'] as string)).toBe(true);
  });

  it('hmac-sha256: hex of the body in the named header', async () => {
    await runYaml(
      `name: sign-hmac
area: services
severity: minor
steps:
  - id: hook
    http: { method: POST, url: /hook, raw: "payload", sign: { scheme: hmac-sha256, secret: s3cret, header: X-Hub-Signature-256 } }
`,
      server.url,
    );
    const { createHmac } = await import('node:crypto');
    expect(last().headers['x-hub-signature-256']).toBe(createHmac('sha256', 's3cret').update('payload').digest('hex'));
  });

  it('an unknown scheme or a missing secret is a validation error before anything runs', async () => {
    const { messages } = await loadYaml({
      'bad.yaml': `name: bad
area: services
severity: minor
steps:
  - id: hook
    http: { method: POST, url: /hook, sign: { scheme: rot13 } }
`,
    });
    expect(messages.join("\n")).toMatch(/sign/);
  });
});
