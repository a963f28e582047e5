/**
 * The SendGrid provider against undici's MockAgent (no network): the v3 request it builds
 * (bearer key, personalizations, from, subject, text then HTML content, headers, custom_args)
 * and how answers map onto MailDeliveryError (429 and 5xx and network failures retryable, other
 * 4xx not). MOCK_MODE always selects SMTP.
 */
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../config.js';
import { StackError } from '../lib/errors.js';
import { MailDeliveryError } from './mailer.js';
import { createConfiguredMailer } from './provider.js';
import { createSendGridMailer, parseAddress } from './sendgrid.js';

const BASE = 'https://api.sendgrid.test';
let agent: MockAgent | undefined;

function mailer() {
  const mock = new MockAgent();
  mock.disableNetConnect();
  agent = mock;
  return { sendgrid: createSendGridMailer({ apiKey: 'SG.test-key', from: 'Real Estate OS <no-reply@reos.example>', baseUrl: BASE, dispatcher: mock }), mock };
}

afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

const MAIL = {
  to: 'jane@example.com',
  subject: 'New 3BR Home in SF',
  text: 'Hi there',
  html: '<p>Hi there</p>',
  headers: { 'List-Unsubscribe': '<https://api.example.com/unsubscribe?token=t>' },
  metadata: { team_id: 'team-1', campaign_id: 'c-1', recipient_id: 'r-1' },
};

describe('createSendGridMailer', () => {
  it('posts the v3 mail/send request with the bearer key and correlation ids', async () => {
    const { sendgrid, mock } = mailer();
    let seen: { headers: Record<string, string>; body: any } | undefined;
    mock
      .get(BASE)
      .intercept({ path: '/v3/mail/send', method: 'POST' })
      .reply((options) => {
        seen = { headers: options.headers as Record<string, string>, body: JSON.parse(String(options.body)) };
        return { statusCode: 202, data: '', responseOptions: { headers: { 'x-message-id': 'sg-123' } } };
      });
    const sent = await sendgrid.send(MAIL);
    expect(sent).toEqual({ messageId: 'sg-123', accepted: ['jane@example.com'], rejected: [] });
    expect(seen!.headers.authorization).toBe('Bearer SG.test-key');
    expect(seen!.headers['content-type']).toBe('application/json');
    expect(seen!.body).toEqual({
      personalizations: [{ to: [{ email: 'jane@example.com' }] }],
      from: { email: 'no-reply@reos.example', name: 'Real Estate OS' },
      subject: 'New 3BR Home in SF',
      content: [
        { type: 'text/plain', value: 'Hi there' },
        { type: 'text/html', value: '<p>Hi there</p>' },
      ],
      headers: MAIL.headers,
      custom_args: MAIL.metadata,
    });
  });

  it.each([
    [400, false, 'MAIL_REJECTED'],
    [401, false, 'MAIL_PROVIDER_AUTH'],
    [403, false, 'MAIL_PROVIDER_AUTH'],
    [413, false, 'MAIL_REJECTED'],
    [429, true, 'MAIL_RATE_LIMITED'],
    [500, true, 'MAIL_PROVIDER_UNAVAILABLE'],
    [503, true, 'MAIL_PROVIDER_UNAVAILABLE'],
  ])('maps HTTP %i to a MailDeliveryError (retryable: %s)', async (status, retryable, code) => {
    const { sendgrid, mock } = mailer();
    mock
      .get(BASE)
      .intercept({ path: '/v3/mail/send', method: 'POST' })
      .reply(status, { errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from' }] });
    const error = await sendgrid.send(MAIL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toBeInstanceOf(StackError);
    expect(error).toMatchObject({ retryable, code, responseCode: status });
    expect((error as Error).message).toContain(`HTTP ${status}`);
    expect((error as Error).message).toContain('from: The from address does not match');
  });

  it('maps a network failure to a retryable MAIL_UNREACHABLE', async () => {
    const { sendgrid, mock } = mailer();
    mock.get(BASE).intercept({ path: '/v3/mail/send', method: 'POST' }).replyWithError(new Error('socket hang up'));
    const error = await sendgrid.send(MAIL).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MAIL_UNREACHABLE', retryable: true });
  });

  it('parses sender addresses with and without a display name', () => {
    expect(parseAddress('Real Estate OS <no-reply@reos.local>')).toEqual({ name: 'Real Estate OS', email: 'no-reply@reos.local' });
    expect(parseAddress('"Team, Inc" <team@example.com>')).toEqual({ name: 'Team, Inc', email: 'team@example.com' });
    expect(parseAddress('plain@example.com')).toEqual({ email: 'plain@example.com' });
  });
});

describe('MAIL_PROVIDER', () => {
  it('defaults to SMTP and always uses SMTP in MOCK_MODE', () => {
    expect(loadStackConfig({}).mail.provider).toBe('smtp');
    expect(loadStackConfig({ MAIL_PROVIDER: 'sendgrid', SENDGRID_API_KEY: 'SG.x' }).mail.provider).toBe('smtp');
  });

  it('selects SendGrid outside MOCK_MODE, and needs its key', () => {
    const env = { MOCK_MODE: 'false', JWT_SECRET: 'a'.repeat(40), MAIL_PROVIDER: 'sendgrid' };
    expect(() => loadStackConfig(env)).toThrow(/SENDGRID_API_KEY/);
    const config = loadStackConfig({ ...env, SENDGRID_API_KEY: 'SG.x' });
    expect(config.mail).toMatchObject({ provider: 'sendgrid', sendgridApiKey: 'SG.x' });
    expect(createConfiguredMailer(config)).toBeDefined();
    expect(() => loadStackConfig({ MAIL_PROVIDER: 'pigeon' })).toThrow(/smtp or sendgrid/);
  });
});
