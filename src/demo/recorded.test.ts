/** Recorded exchanges: newest pack first, the show's own transcript before another scenario's, only passed steps. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordedExchanges } from './recorded.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-recorded-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function transcript(pack: string, area: string, scenario: string, file: string, step: { id: string; status: string; marker: string }) {
  const dir = path.join(root, pack, area, scenario);
  fs.mkdirSync(dir, { recursive: true });
  const exchange = { request: { method: 'GET', url: 'http://x/y', headers: {} }, response: { status: 200, headers: {}, body: { marker: step.marker } }, timing: { startedAt: '', durationMs: 1 } };
  fs.writeFileSync(path.join(dir, file), JSON.stringify({ format: 'reos-transcript', scenario: { name: scenario }, step: { ...step, exchanges: [exchange] } }));
}

describe('RecordedExchanges', () => {
  transcript('runtime_20260101_100000', 'auth', 'auth-register-login', '02-login.json', { id: 'login', status: 'passed', marker: 'old-verify' });
  transcript('runtime_20260102_100000', 'auth', 'auth-register-login', '02-login.json', { id: 'login', status: 'passed', marker: 'new-verify' });
  transcript('runtime_20260102_100000', 'demo', 'run-of-show', '08-login.json', { id: 'login', status: 'passed', marker: 'new-demo' });
  transcript('runtime_20260103_100000', 'demo', 'run-of-show', '08-login.json', { id: 'login', status: 'failed', marker: 'failed' });
  transcript('runtime_20260103_100000', 'demo', 'run-of-show', '09-me.json', { id: 'me', status: 'passed', marker: 'me' });
  fs.writeFileSync(path.join(root, 'runtime_20260104_100000.zip'), 'not a folder');
  const marker = (r: ReturnType<RecordedExchanges['find']>) => (r?.step.exchanges[0].response?.body as { marker: string }).marker;

  it('takes the newest pack holding a passed exchange, the show’s own first', () => {
    const recordings = new RecordedExchanges(root);
    const login = recordings.find('run-of-show', 'login');
    expect(marker(login)).toBe('new-demo');
    expect(login).toMatchObject({ pack: 'runtime_20260102_100000', recordedAt: '2026-01-02T10:00:00Z', file: 'demo/run-of-show/08-login.json' });
    expect(marker(recordings.find('other-show', 'login'))).toMatch(/^new-/);
    expect(marker(recordings.find('run-of-show', 'me'))).toBe('me');
  });

  it('finds nothing for an unknown step or a missing folder', () => {
    expect(new RecordedExchanges(root).find('run-of-show', 'nope')).toBeUndefined();
    expect(new RecordedExchanges(path.join(root, 'missing')).find('run-of-show', 'login')).toBeUndefined();
  });
});
