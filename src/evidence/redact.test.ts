import { describe, expect, it } from 'vitest';
import { SECRET_VALUES, SECRETS, sampleRun } from '../../test/unit/verify-fixtures.js';
import { commitment, createRedactor, isMarker, MARKER, redactRun } from './redact.js';

/** Any commitment marker, or one of a given name (the salt and hash are random). */
const marker = (name = '[a-z0-9_.-]+') => expect.stringMatching(new RegExp(`^\\[REDACTED:${name}:[A-Za-z0-9_-]{22}:[0-9a-f]{64}\\]$`));
const M = '\\[REDACTED:[a-z0-9_.-]+:[A-Za-z0-9_-]{22}:[0-9a-f]{64}\\]';

describe('createRedactor', () => {
  it('replaces credential fields at any depth and credential headers', () => {
    const redactor = createRedactor();
    const out = redactor.value({
      headers: { Authorization: 'Bearer abc.def', cookie: 'a=b', 'Set-Cookie': 'c=d', accept: 'json' },
      body: { user: { password: 'pw-123456', profile: { current_password: 'x1', token_type: 'bearer' } }, list: [{ refresh_token: 'r' }] },
    });
    expect(out).toEqual({
      headers: { Authorization: marker('authorization'), cookie: marker('cookie'), 'Set-Cookie': marker('set_cookie'), accept: 'json' },
      body: { user: { password: marker('password'), profile: { current_password: marker('current_password'), token_type: 'bearer' } }, list: [{ refresh_token: marker('refresh_token') }] },
    });
  });

  it('removes JWTs and bearer tokens inside free text', () => {
    const text = createRedactor().text(`got ${SECRETS.jwt} and "Authorization: Bearer ${SECRETS.opaqueBearer}"`);
    expect(text).toMatch(new RegExp(`^got ${M} and "Authorization: Bearer ${M}"$`));
    expect(text).not.toContain(SECRETS.opaqueBearer);
  });

  it('removes token= query values but keeps the rest of the URL', () => {
    expect(createRedactor().text(`http://h/sse/stream?token=${SECRETS.sseToken}&x=1`)).toMatch(new RegExp(`^http://h/sse/stream\\?token=${M}&x=1$`));
  });

  it('removes configured secrets and values it learned by name wherever they appear', () => {
    const redactor = createRedactor({ secrets: [SECRETS.jwtSecret] });
    redactor.learn({ body: { password: SECRETS.password } });
    expect(redactor.text(`secret ${SECRETS.jwtSecret}, echoed ${SECRETS.password}`)).toMatch(new RegExp(`^secret ${M}, echoed ${M}$`));
  });

  it('redacts credential fields inside JSON text bodies', () => {
    const text = createRedactor().text('{"email":"a@b.c","password":"pw \\"quoted\\"","token_type":"bearer"}');
    expect(JSON.parse(text)).toEqual({ email: 'a@b.c', password: marker('password'), token_type: 'bearer' });
    const [, , salt, hash] = /"password":"\[REDACTED:(password):([^:]+):([0-9a-f]+)\]"/.exec(text)!;
    expect(commitment(salt, 'pw "quoted"')).toBe(hash);
  });

  it('leaves ordinary data alone', () => {
    const value = { status: 200, body: { id: 'p1', price: 350000, tags: ['a'], token_type: 'bearer', empty: null } };
    expect(createRedactor().value(value)).toEqual(value);
  });
});

describe('redactRun', () => {
  it('leaves no secret anywhere in the run, logs included', () => {
    const redacted = redactRun(sampleRun(), { secrets: [SECRETS.jwtSecret] });
    const serialised = JSON.stringify(redacted);
    for (const secret of SECRET_VALUES) expect(serialised, secret).not.toContain(secret);
    expect(serialised).toMatch(MARKER);
    // Log lines stay one JSON object per line where they were JSON.
    expect(JSON.parse(redacted.logs[0])).toMatchObject({ request_id: 'r1', access_token: marker() });
    expect(redacted.logs[2]).toMatch(new RegExp(`^plain text line with password=${M}$`));
  });

  it('does not change the recorded run it was given', () => {
    const run = sampleRun();
    redactRun(run);
    expect(JSON.stringify(run)).toContain(SECRETS.password);
  });
});

describe('redaction leaves descriptions of secrets alone', () => {
  it('keeps an OpenAPI schema whose properties are named password or token', () => {
    const spec = { components: { schemas: { Login: { properties: { password: { type: 'string', format: 'password', minLength: 8 }, token: { $ref: '#/x' } } } } } };
    expect(createRedactor().value(spec)).toEqual(spec);
  });

  it('does not turn the words inside a schema into remembered secrets', () => {
    const run = sampleRun();
    run.openapi = { properties: { password: { type: 'string', format: 'password' } } };
    run.scenarios[1].steps[2].id = 'wrong-password';
    const redacted = redactRun(run);
    expect(redacted.openapi).toEqual(run.openapi);
    expect(redacted.scenarios[1].steps[2].id).toBe('wrong-password');
    expect(JSON.stringify(redacted)).not.toContain(SECRETS.password);
  });

  it('still redacts a list of cookies and a numeric PIN-like secret', () => {
    expect(createRedactor().value({ 'set-cookie': ['a=1', 'b=2'], secret: 123456 })).toEqual({ 'set-cookie': [marker('set_cookie'), marker('set_cookie')], secret: marker('secret') });
  });
});

describe('free-text rules spare prose', () => {
  it('keeps documentation sentences about tokens intact', () => {
    const prose = 'Exchange a refresh token for a new token pair; send Bearer authentication with token expiry in mind.';
    expect(createRedactor().text(prose)).toBe(prose);
  });
});

describe('commitments', () => {
  it('one value gets one marker everywhere; different values get different salts; the hash commits to the value', () => {
    const redactor = createRedactor({ secrets: [{ name: 'jwt_secret', value: SECRETS.jwtSecret }] });
    const out = redactor.value({ a: { password: SECRETS.password }, b: `echo ${SECRETS.password}`, c: { password: 'another-pass-1' }, d: `key ${SECRETS.jwtSecret}` });
    expect(out.b).toBe(`echo ${out.a.password}`);
    expect(out.c.password).not.toBe(out.a.password);
    const [name, salt, hash] = out.a.password.slice(1, -1).split(':').slice(1);
    expect(name).toBe('password');
    expect(commitment(salt, SECRETS.password)).toBe(hash);
    expect(commitment(salt, 'wrong')).not.toBe(hash);
    expect(out.d).toMatch(/^key \[REDACTED:jwt_secret:/);
    expect(isMarker(out.a.password)).toBe(true);
    expect(redactor.secrets()).toEqual(expect.arrayContaining([{ name: 'password', value: SECRETS.password }, { name: 'jwt_secret', value: SECRETS.jwtSecret }]));
  });

  it('re-redacting redacted text changes nothing (markers are never cut or re-committed)', () => {
    const redactor = createRedactor({ secrets: ['abc123'] });
    const once = redactor.text(`x abc123 token=${SECRETS.sseToken} {"password":"pw-123456"}`);
    expect(redactor.text(once)).toBe(once);
  });
});
