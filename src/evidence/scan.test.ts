import { describe, expect, it } from 'vitest';
import { ReosError } from '../errors.js';
import { envSecrets } from '../verify/index.js';
import { assertNoSecrets, findSecrets } from './scan.js';

const file = (path: string, text: string) => ({ path, data: Buffer.from(text, 'utf8') });

describe('the secret scan', () => {
  const secrets = [{ name: 'jwt_secret', value: 'a "quoted" secret/with+symbols' }, { name: 'pin', value: '1234' }];

  it('finds a secret raw, JSON-escaped or URL-encoded, and names file and secret', () => {
    expect(findSecrets([file('a.txt', 'x a "quoted" secret/with+symbols y')], secrets)).toEqual([{ file: 'a.txt', name: 'jwt_secret' }]);
    expect(findSecrets([file('b.json', JSON.stringify({ v: secrets[0].value }))], secrets)).toEqual([{ file: 'b.json', name: 'jwt_secret' }]);
    expect(findSecrets([file('c.log', `GET /x?k=${encodeURIComponent(secrets[0].value)}`)], secrets)).toEqual([{ file: 'c.log', name: 'jwt_secret' }]);
    expect(findSecrets([file('d.txt', 'nothing here')], secrets)).toEqual([]);
  });

  it('ignores values too short to search for', () => {
    expect(findSecrets([file('a.txt', 'pin 1234')], secrets)).toEqual([]);
  });

  it('refuses with the names, never the values', () => {
    const error = (() => {
      try {
        assertNoSecrets([file('logs/api.jsonl', secrets[0].value)], secrets);
      } catch (e) {
        return e as ReosError;
      }
    })();
    expect(error).toBeInstanceOf(ReosError);
    expect(error?.code).toBe('EVIDENCE_SECRET_FOUND');
    expect(error?.message).toContain('logs/api.jsonl (secret "jwt_secret")');
    expect(error?.message).not.toContain(secrets[0].value);
  });
});

describe('envSecrets', () => {
  it('takes variables named like secrets with values long enough, named after the variable', () => {
    expect(envSecrets({ JWT_SECRET: 'x'.repeat(40), SMTP_PASSWORD: 'hunter2hunter2', GITHUB_TOKEN: 'ghp_abcdefgh', PORT: '8000', API_KEY: 'short', LOG_LEVEL: 'info' })).toEqual([
      { name: 'jwt_secret', value: 'x'.repeat(40) },
      { name: 'smtp_password', value: 'hunter2hunter2' },
      { name: 'github_token', value: 'ghp_abcdefgh' },
    ]);
  });
});
