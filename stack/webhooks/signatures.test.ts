import { describe, expect, it } from 'vitest';
import { MOCK_SENDGRID_WEBHOOK_PRIVATE_KEY, MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY } from '../config.js';
import { sendgridSignature, twilioSignature, verifySendgridSignature, verifyTwilioSignature } from './signatures.js';

describe('Twilio request signatures', () => {
  // The example of Twilio's "Validating requests" documentation.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = Object.entries({ CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' });

  it('matches the documented example (URL + params sorted by name, HMAC-SHA1, base64)', () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(twilioSignature('12345', url, [...params].reverse())).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('refuses a missing signature, another token, another URL or a changed parameter', () => {
    expect(verifyTwilioSignature('12345', url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(true);
    expect(verifyTwilioSignature('12345', url, params, undefined)).toBe(false);
    expect(verifyTwilioSignature('54321', url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(false);
    expect(verifyTwilioSignature('12345', 'https://mycompany.com/other', params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(false);
    expect(verifyTwilioSignature('12345', url, [...params.slice(1), ['CallSid', 'CAx']], '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(false);
  });
});

describe('SendGrid signed event webhook', () => {
  const body = '[{"event":"delivered","sg_event_id":"e1"}]';
  const timestamp = '1700000000';

  it('verifies timestamp + raw body with the public key, and nothing else', () => {
    const signature = sendgridSignature(MOCK_SENDGRID_WEBHOOK_PRIVATE_KEY, timestamp, body);
    expect(verifySendgridSignature(MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, timestamp, body, signature)).toBe(true);
    expect(verifySendgridSignature(MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, '1700000001', body, signature)).toBe(false);
    expect(verifySendgridSignature(MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, timestamp, body.replace('delivered', 'open'), signature)).toBe(false);
    expect(verifySendgridSignature(MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, timestamp, body, undefined)).toBe(false);
    expect(verifySendgridSignature(MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, timestamp, body, 'not base64 at all')).toBe(false);
  });
});
