/**
 * Policy settings from the environment, and the header syntax they turn into.
 */
import { describe, expect, it } from 'vitest';
import { StackError } from '../errors.js';
import { limitField, policyField, retryAfterSeconds, type RateLimitDecision } from './headers.js';
import { normalizeAddress } from './identity.js';
import { readRateLimitSettings } from './policies.js';

describe('readRateLimitSettings', () => {
  it('ships the documented defaults', () => {
    expect(readRateLimitSettings({})).toEqual({
      enabled: true,
      policies: {
        default: { points: 300, windowSeconds: 60 },
        user: { points: 600, windowSeconds: 60 },
        login: { points: 30, windowSeconds: 60 },
        'login-account': { points: 5, windowSeconds: 60 },
        'auth-strict': { points: 20, windowSeconds: 60 },
        'password-reset': { points: 10, windowSeconds: 60 },
      },
    });
  });

  it('reads points/seconds overrides and the off switch', () => {
    const settings = readRateLimitSettings({ RATE_LIMIT_LOGIN: '3/30', RATE_LIMIT_USER: ' 1000 / 3600 ', RATE_LIMIT_ENABLED: 'FALSE' });
    expect(settings.enabled).toBe(false);
    expect(settings.policies.login).toEqual({ points: 3, windowSeconds: 30 });
    expect(settings.policies.user).toEqual({ points: 1000, windowSeconds: 3600 });
  });

  it.each(['10', '10/0', '0/60', 'ten/60', '10/60/5', '-1/60'])('refuses %j with a hint naming the variable', (raw) => {
    let error: unknown;
    try {
      readRateLimitSettings({ RATE_LIMIT_LOGIN_ACCOUNT: raw });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StackError);
    expect((error as StackError).message).toContain('RATE_LIMIT_LOGIN_ACCOUNT');
    expect((error as StackError).hint).toContain('5/60');
  });
});

describe('RateLimit header fields', () => {
  const decision = (policy: string, allowed: boolean, resetSeconds: number): RateLimitDecision => ({
    policy,
    window: { points: 10, windowSeconds: 60 },
    allowed,
    remaining: allowed ? 4 : 0,
    resetSeconds,
  });

  it('writes the structured-field items of the draft', () => {
    expect(policyField('login', { points: 10, windowSeconds: 60 })).toBe('"login";q=10;w=60');
    expect(limitField(decision('login', false, 42))).toBe('"login";r=0;t=42');
  });

  it('asks to retry no earlier than the latest reset among the refusals', () => {
    expect(retryAfterSeconds([decision('login', true, 50), decision('login-account', false, 42)])).toBe(42);
    expect(retryAfterSeconds([decision('a', false, 7), decision('b', false, 30)])).toBe(30);
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8::5', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('%s counts as %s', (address, key) => {
    expect(normalizeAddress(address)).toBe(key);
  });
});
