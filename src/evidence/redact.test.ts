import { describe, expect, it } from 'vitest';
import { SECRET_VALUES, SECRETS, sampleRun } from '../../test/unit/verify-fixtures.js';
import { createRedactor, REDACTED, redactRun } from './redact.js';

describe('createRedactor', () => {
  it('replaces credential fields at any depth and credential headers', () => {
    const redactor = createRedactor();
    const out = redactor.value({
      headers: { Authorization: 'Bearer abc.def', cookie: 'a=b', 'Set-Cookie': 'c=d', accept: 'json' },
      body: { user: { password: 'pw-123456', profile: { current_password: 'x1', token_type: 'bearer' } }, list: [{ refresh_token: 'r' }] },
    });
    expect(out).toEqual({
      headers: { Authorization: REDACTED, cookie: REDACTED, 'Set-Cookie': REDACTED, accept: 'json' },
      body: { user: { password: REDACTED, profile: { current_password: REDACTED, token_type: 'bearer' } }, list: [{ refresh_token: REDACTED }] },
    });
  });

  it('removes JWTs and bearer tokens inside free text', () => {
    const text = createRedactor().text(`got ${SECRETS.jwt} and "Authorization: Bearer ${SECRETS.opaqueBearer}"`);
    expect(text).toBe(`got ${REDACTED} and "Authorization: Bearer ${REDACTED}"`);
  });

  it('removes token= query values but keeps the rest of the URL', () => {
    expect(createRedactor().text(`http://h/sse/stream?token=${SECRETS.sseToken}&x=1`)).toBe(`http://h/sse/stream?token=${REDACTED}&x=1`);
  });

  it('removes configured secrets and values it learned by name wherever they appear', () => {
    const redactor = createRedactor({ secrets: [SECRETS.jwtSecret] });
    redactor.learn({ body: { password: SECRETS.password } });
    expect(redactor.text(`secret ${SECRETS.jwtSecret}, echoed ${SECRETS.password}`)).toBe(`secret ${REDACTED}, echoed ${REDACTED}`);
  });

  it('redacts credential fields inside JSON text bodies', () => {
    const text = createRedactor().text('{"email":"a@b.c","password":"pw \\"quoted\\"","token_type":"bearer"}');
    expect(JSON.parse(text)).toEqual({ email: 'a@b.c', password: REDACTED, token_type: 'bearer' });
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
    expect(serialised).toContain(REDACTED);
    // Log lines stay one JSON object per line where they were JSON.
    expect(JSON.parse(redacted.logs[0])).toMatchObject({ request_id: 'r1', access_token: REDACTED });
    expect(redacted.logs[2]).toBe(`plain text line with password=${REDACTED}`);
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
    expect(createRedactor().value({ 'set-cookie': ['a=1', 'b=2'], secret: 123456 })).toEqual({ 'set-cookie': REDACTED, secret: REDACTED });
  });
});

describe('free-text rules spare prose', () => {
  it('keeps documentation sentences about tokens intact', () => {
    const prose = 'Exchange a refresh token for a new token pair; send Bearer authentication with token expiry in mind.';
    expect(createRedactor().text(prose)).toBe(prose);
  });
});
