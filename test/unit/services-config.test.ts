/**
 * The small pure parts of services mode and multi-target verify: when `reos up` switches to
 * services mode, what it resolves to, how --target values split, and how a hand-edited state
 * file is judged (never trusted).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readState } from '../../src/runtime/lifecycle/state.js';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, resolveServicesConfig, servicesRequested } from '../../src/runtime/services/config.js';
import { splitTargets } from '../../src/verify/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function stateDir(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-state-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'state.json'), content);
  return dir;
}

describe('services mode', () => {
  it('is chosen by --services, --replicas, --redis-url or DATABASE_URL / REDIS_URL, never with --ephemeral', () => {
    expect(servicesRequested({}, {})).toBe(false);
    expect(servicesRequested({}, { services: true })).toBe(true);
    expect(servicesRequested({}, { replicas: 2 })).toBe(true);
    expect(servicesRequested({ REDIS_URL: 'redis://x' }, {})).toBe(true);
    expect(servicesRequested({ DATABASE_URL: 'postgres://x/y' }, {})).toBe(true);
    expect(servicesRequested({ DATABASE_URL: 'postgres://x/y' }, { ephemeral: true })).toBe(false);
  });

  it('defaults to the local PostgreSQL and Redis on port 8000, flags winning over the environment', () => {
    const defaults = resolveServicesConfig({}, {}, 'test');
    expect(defaults).toMatchObject({ databaseUrl: DEFAULT_DATABASE_URL, redisUrl: DEFAULT_REDIS_URL, basePort: 8000, replicas: 1, host: '127.0.0.1' });
    const set = resolveServicesConfig({ DATABASE_URL: 'postgres://env/db', REDIS_URL: 'redis://env:6379' }, { databaseUrl: 'postgres://flag/db', port: 9100, replicas: 3 }, 'test');
    expect(set).toMatchObject({ databaseUrl: 'postgres://flag/db', redisUrl: 'redis://env:6379', basePort: 9100, replicas: 3 });
  });

  it('refuses a base port of 0 and a Redis URL that is not redis://', () => {
    expect(() => resolveServicesConfig({}, { port: 0 }, 'test')).toThrow('fixed base port');
    expect(() => resolveServicesConfig({}, { redisUrl: 'http://x' }, 'test')).toThrow('redis:// or rediss://');
  });
});

describe('splitTargets', () => {
  it('takes repeated flags and comma-separated lists alike', () => {
    expect(splitTargets(['http://a:1,http://b:2', ' http://c:3 ', ''])).toEqual(['http://a:1', 'http://b:2', 'http://c:3']);
  });
});

describe('readState', () => {
  const component = { name: 'api-1', kind: 'api', pid: 123, url: 'http://127.0.0.1:8000', port: 8000, log_file: '/x/api-1.jsonl', entry: '/x/dist/stack/main.js' };
  const services = { mode: 'services', data_dir: '/x', started_at: '2026-01-01T00:00:00Z', version: '0.1.0', database: { kind: 'postgres', location: 'postgres://h/db' }, redis: { location: 'redis://h:6379' }, components: [component] };

  it('accepts a well-formed services state', () => {
    expect(readState(stateDir(JSON.stringify(services)))).toEqual({ state: services });
  });

  it('reports a file that is not JSON, or of the wrong shape, with why', () => {
    expect(readState(stateDir('{"mode": "serv'))).toEqual({ invalid: 'the state file is not valid JSON' });
    const wrong = readState(stateDir(JSON.stringify({ ...services, components: [{ ...component, pid: -4 }] })));
    expect(wrong).toMatchObject({ invalid: expect.stringContaining('wrong shape (components.0.pid') });
    expect(readState(stateDir('[]'))).toMatchObject({ invalid: expect.stringContaining('wrong shape') });
    expect(readState(stateDir(JSON.stringify({ ...services, components: [{ ...component, name: 'evil; rm -rf' }] })))).toMatchObject({ invalid: expect.stringContaining('components.0.name') });
  });
});
