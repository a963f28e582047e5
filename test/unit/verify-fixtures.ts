/**
 * A recorded run full of secrets and awkward text, shared by the evidence tests: a login with
 * a password and JWTs, an Authorization header, an SSE URL with `?token=`, a configured
 * secret inside a log line, a failed assertion and a skipped step, XML-hostile characters.
 */
import type { RunResult, ScenarioResult, StepResult } from '../../src/model.js';

export const SECRETS = {
  password: 'Hunter2-S3cret!',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjk5OTk5OTk5OTl9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU',
  refresh: 'rt_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  sseToken: 'sse-0a1b2c3d4e5f60718293',
  jwtSecret: 'configured-jwt-secret-0123456789abcdef0123456789',
  opaqueBearer: 'opaque-bearer-value-7777777',
};

const at = '2025-11-05T18:22:13.000Z';
const location = { file: 'scenarios/auth.yaml', line: 3, column: 5 };

function step(partial: Partial<StepResult> & Pick<StepResult, 'id' | 'status'>): StepResult {
  return { kind: 'http', name: partial.id, assertions: [], captures: {}, exchanges: [], startedAt: at, durationMs: 12, location, ...partial };
}

export function sampleRun(overrides: Partial<RunResult> = {}): RunResult {
  const login = step({
    id: 'login',
    status: 'passed',
    captures: { token: SECRETS.jwt, user_email: 'ada@example.com' },
    exchanges: [
      {
        request: { method: 'POST', url: 'http://127.0.0.1:8000/auth/login', headers: { 'content-type': 'application/json' }, body: { email: 'ada@example.com', password: SECRETS.password } },
        response: {
          status: 200,
          headers: { 'content-type': 'application/json', 'set-cookie': `session=${SECRETS.refresh}; HttpOnly` },
          body: { access_token: SECRETS.jwt, refresh_token: SECRETS.refresh, token_type: 'bearer', expires_in: 900 },
          bodyText: JSON.stringify({ access_token: SECRETS.jwt, refresh_token: SECRETS.refresh, token_type: 'bearer' }),
        },
        timing: { startedAt: at, durationMs: 12 },
      },
    ],
  });
  const me = step({
    id: 'me',
    status: 'failed',
    assertions: [
      { label: 'status', op: 'eq', expected: 200, actual: 401, passed: false, message: 'token <rejected> & "logged" out' },
      { label: 'jsonpath $.note', op: 'eq', expected: 'ok', actual: `the server said: Bearer ${SECRETS.opaqueBearer} is old, jwt ${SECRETS.jwt}`, passed: false },
      { label: 'header x', op: 'exists', expected: true, actual: true, passed: true },
    ],
    exchanges: [
      {
        request: { method: 'GET', url: `http://127.0.0.1:8000/sse/stream?token=${SECRETS.sseToken}&x=1`, headers: { Authorization: `Bearer ${SECRETS.opaqueBearer}`, Cookie: `sid=${SECRETS.refresh}` } },
        response: { status: 401, headers: {}, body: { nested: [{ deeper: { secret: 'nested-secret-value-1', new_password: 'N3w-Passw0rd!' } }] } },
        timing: { startedAt: at, durationMs: 5 },
      },
    ],
  });
  const skipped = step({ id: 'logout', status: 'skipped', reason: 'an earlier step failed' });
  const auth: ScenarioResult = { name: 'Login & me <check>', area: 'auth', severity: 'critical', file: '/tmp/x/scenarios/auth.yaml', status: 'failed', steps: [login, me, skipped], startedAt: at, durationMs: 40 };
  const health: ScenarioResult = {
    name: 'liveness',
    area: 'health',
    severity: 'major',
    file: '/tmp/x/scenarios/health.yaml',
    status: 'passed',
    steps: [step({ id: 'healthz', status: 'passed', assertions: [{ label: 'status', op: 'eq', expected: 200, actual: 200, passed: true }] })],
    startedAt: at,
    durationMs: 8,
  };
  return {
    id: 'run-1',
    startedAt: at,
    finishedAt: '2025-11-05T18:22:15.500Z',
    environment: { reosVersion: '0.1.0', node: 'v20.19.0', platform: 'linux x64', target: 'pglite (memory)', mode: 'embedded' },
    stackReady: true,
    scenarios: [health, auth],
    logs: [
      JSON.stringify({ level: 'info', request_id: 'r1', method: 'POST', path: '/auth/login', status: 200, access_token: SECRETS.jwt }),
      JSON.stringify({ level: 'warn', msg: `jwt secret is ${SECRETS.jwtSecret}` }),
      `plain text line with password=${SECRETS.password}`,
    ],
    openapi: { openapi: '3.1.0', info: { title: 'Real Estate OS', version: '0.1.0' }, paths: {} },
    ...overrides,
  };
}

/** Every secret value of the fixture, for scanning written files. */
export const SECRET_VALUES = Object.values(SECRETS).concat(['nested-secret-value-1', 'N3w-Passw0rd!']);
