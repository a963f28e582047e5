import { describe, expect, it } from 'vitest';
import { loadStackConfig, MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, MOCK_TWILIO_AUTH_TOKEN } from '../config.js';

const REAL = { MOCK_MODE: 'false', JWT_SECRET: 'a-real-secret-that-is-long-enough-0123456789' };

describe('SMS and webhook configuration', () => {
  it('defaults to the mock provider and the mock secrets in MOCK_MODE', () => {
    const config = loadStackConfig({});
    expect(config.sms).toMatchObject({ provider: 'mock', authToken: MOCK_TWILIO_AUTH_TOKEN, from: '+15005550006' });
    expect(config.webhooks.sendgridPublicKey).toBe(MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY);
  });

  it('refuses the mock secrets outside MOCK_MODE and leaves unset ones unset', () => {
    expect(() => loadStackConfig({ ...REAL, TWILIO_AUTH_TOKEN: MOCK_TWILIO_AUTH_TOKEN })).toThrow(/TWILIO_AUTH_TOKEN is still the (published )?mock value/);
    expect(() => loadStackConfig({ ...REAL, SENDGRID_WEBHOOK_PUBLIC_KEY: MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY })).toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY/);
    const config = loadStackConfig(REAL);
    expect(config.sms.authToken).toBeUndefined();
    expect(config.webhooks.sendgridPublicKey).toBeUndefined();
  });

  it('refuses an unknown provider and a Twilio provider without credentials', () => {
    expect(() => loadStackConfig({ SMS_PROVIDER: 'carrier-pigeon' })).toThrow(/SMS_PROVIDER must be mock or twilio/);
    expect(() => loadStackConfig({ ...REAL, SMS_PROVIDER: 'twilio' })).toThrow(/needs TWILIO_ACCOUNT_SID/);
    expect(loadStackConfig({ ...REAL, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'tok' }).sms.provider).toBe('twilio');
  });

  it('keeps PUBLIC_BASE_URL without its trailing slash', () => {
    expect(loadStackConfig({ PUBLIC_BASE_URL: 'https://crm.example.com/' }).webhooks.publicBaseUrl).toBe('https://crm.example.com');
  });
});
