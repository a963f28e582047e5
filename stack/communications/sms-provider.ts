/**
 * The Twilio-shaped SMS provider interface and its two implementations, chosen by SMS_PROVIDER:
 * `mock` keeps every message in the `sms_outbox` table (readable at /communications/sms/outbox),
 * `twilio` calls Twilio's REST API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form
 * encoded, basic auth) with undici. A failure is an SmsProviderError saying whether a retry can
 * help and which gateway status (502 refused / garbage / unreachable, 504 too slow) it maps to.
 *
 * @example
 * const sent = await smsProviderFor(config.sms, db).send({ teamId, to: '+15551234567', body: 'Hi' });
 */
import crypto from 'node:crypto';
import { errors as undiciErrors, request } from 'undici';
import type { SmsConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { StackError } from '../lib/errors.js';
import { smsOutbox } from './tables.js';

export interface OutgoingSms {
  teamId: string;
  to: string;
  body: string;
  /** Links the outbox row to the communication (mock only). */
  communicationId?: string;
  /** Where Twilio posts the message's status changes (our /webhooks/twilio/sms, when PUBLIC_BASE_URL is known). */
  statusCallback?: string;
}

export interface SentSms {
  /** Twilio's MessageSid (`SM` + 32 hex); the mock makes one of the same shape. */
  sid: string;
  from: string;
  /** Twilio's status of the new message: queued, accepted, sent ... */
  status: string;
}

export interface SmsProvider {
  readonly name: 'mock' | 'twilio';
  send(sms: OutgoingSms): Promise<SentSms>;
}

export class SmsProviderError extends StackError {
  readonly retryable: boolean;
  /** The gateway status the API answers with: 502 or 504. */
  readonly httpStatus: 502 | 504;

  constructor(code: string, message: string, options: { retryable: boolean; httpStatus: 502 | 504; cause?: unknown; hint?: string }) {
    super(code, message, options);
    this.name = 'SmsProviderError';
    this.retryable = options.retryable;
    this.httpStatus = options.httpStatus;
  }
}

export function newMessageSid(): string {
  return `SM${crypto.randomBytes(16).toString('hex')}`;
}

export function createMockSmsProvider(config: SmsConfig, db: Db): SmsProvider {
  return {
    name: 'mock',
    async send(sms) {
      const sid = newMessageSid();
      await db.insert(smsOutbox).values({ id: sid, teamId: sms.teamId, communicationId: sms.communicationId, toNumber: sms.to, fromNumber: config.from, body: sms.body });
      return { sid, from: config.from, status: 'sent' };
    },
  };
}

/** Twilio's error body: `{code, message, more_info, status}`. */
function twilioMessage(body: unknown): string | undefined {
  const b = body as { message?: unknown; code?: unknown } | null;
  return typeof b?.message === 'string' ? `${b.message}${b.code ? ` (Twilio error ${String(b.code)})` : ''}` : undefined;
}

export function createTwilioSmsProvider(config: SmsConfig): SmsProvider {
  const url = `${config.apiBaseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken ?? ''}`).toString('base64')}`;
  return {
    name: 'twilio',
    async send(sms) {
      const form = new URLSearchParams({ To: sms.to, From: config.from, Body: sms.body });
      if (sms.statusCallback) form.set('StatusCallback', sms.statusCallback);
      let status: number;
      let text: string;
      try {
        const res = await request(url, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
          headersTimeout: config.timeoutMs,
          bodyTimeout: config.timeoutMs,
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        status = res.statusCode;
        text = await res.body.text();
      } catch (error) {
        const slow = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
        throw new SmsProviderError(slow ? 'SMS_TIMEOUT' : 'SMS_UNREACHABLE', slow ? `Twilio did not answer within ${config.timeoutMs} ms.` : `Twilio could not be reached: ${(error as Error).message}`, {
          retryable: true,
          httpStatus: slow ? 504 : 502,
          cause: error,
        });
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (status === 200 || status === 201) {
        const b = body as { sid?: unknown; status?: unknown; from?: unknown } | undefined;
        if (typeof b?.sid !== 'string') {
          throw new SmsProviderError('SMS_BAD_RESPONSE', `Twilio answered ${status} without a message sid.`, { retryable: false, httpStatus: 502 });
        }
        return { sid: b.sid, status: typeof b.status === 'string' ? b.status : 'queued', from: typeof b.from === 'string' ? b.from : config.from };
      }
      const detail = twilioMessage(body) ?? `HTTP ${status}`;
      // 429 and 5xx are Twilio's own trouble: worth another try. 4xx are about what we sent.
      const retryable = status === 429 || status >= 500;
      throw new SmsProviderError(retryable ? 'SMS_DEFERRED' : 'SMS_REJECTED', `Twilio refused the message: ${detail}`, { retryable, httpStatus: 502 });
    },
  };
}

export function smsProviderFor(config: SmsConfig, db: Db): SmsProvider {
  return config.provider === 'twilio' ? createTwilioSmsProvider(config) : createMockSmsProvider(config, db);
}
