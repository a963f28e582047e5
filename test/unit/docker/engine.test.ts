/**
 * Docker mode's engine side (status, logs, the no-engine error) against a recorded Docker
 * Engine API exchange replayed on a unix socket: dockerode talks to it as to a real engine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, ReosError } from '../../../src/errors.js';
import { assertEngine, engineFor } from '../../../src/runtime/docker/engine.js';
import { demultiplex, followDockerLogs, readDockerLogs, toEntry } from '../../../src/runtime/docker/logs.js';
import { formatDockerStatus, readDockerStatus } from '../../../src/runtime/docker/status.js';
import type { LogEntry } from '../../../src/runtime/lifecycle/logs.js';
import { frame, idOf, startFakeEngine, type FakeEngine } from './fake-engine.js';

let engine: FakeEngine;
const env = () => ({ DOCKER_HOST: engine.host });

beforeAll(async () => {
  engine = await startFakeEngine();
});
afterAll(() => engine?.close());

describe('readDockerStatus', () => {
  it("lists each container of the reos project with state, health, ports and uptime", async () => {
    const now = Date.parse('2026-11-26T16:00:10.412Z');
    const status = await readDockerStatus({ env: env(), now });
    expect(status.running).toBe(true);
    expect(status.containers.map((c) => c.service)).toEqual(['api', 'mailhog', 'minio', 'minio-init', 'nginx', 'postgres', 'redis', 'worker']);
    const api = status.containers.find((c) => c.service === 'api')!;
    expect(api).toEqual({ service: 'api', name: 'reos-api-1', state: 'running', health: 'healthy', ports: ['8000/tcp'], started_at: '2026-11-26T15:55:10.412345678Z', uptime_seconds: 300 });
    expect(status.containers.find((c) => c.service === 'nginx')!.ports).toEqual(['8000->80/tcp']);
    expect(status.containers.find((c) => c.service === 'mailhog')!.ports).toEqual(['1025->1025/tcp', '8025->8025/tcp']);
    const init = status.containers.find((c) => c.service === 'minio-init')!;
    expect(init).toMatchObject({ state: 'exited', health: 'none', exit_code: 0 });
    expect(init.uptime_seconds).toBeUndefined();
    // Only the compose project's containers were asked for, stopped ones included.
    const list = engine.requests.find((r) => r.path === '/containers/json')!;
    expect(JSON.parse(list.query.get('filters')!)).toEqual({ label: ['com.docker.compose.project=reos'] });
    expect(list.query.get('all')).toBe('true');
  });

  it('prints one row per container', async () => {
    const text = formatDockerStatus(await readDockerStatus({ env: env(), now: Date.parse('2026-11-26T16:00:10.412Z') }));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^SERVICE\s+STATE\s+HEALTH\s+UPTIME\s+PORTS\s+CONTAINER$/);
    expect(lines).toHaveLength(9);
    expect(lines.find((line) => line.startsWith('nginx'))).toMatch(/running\s+healthy\s+up \d+ s\s+8000->80\/tcp\s+reos-nginx-1/);
    expect(lines.find((line) => line.startsWith('minio-init'))).toMatch(/exited \(0\)\s+none/);
  });

  it('reports a project with no containers as not running', async () => {
    const status = await readDockerStatus({ env: env(), project: 'nothing-here' });
    expect(status).toEqual({ mode: 'docker', running: false, project: 'nothing-here', containers: [] });
    expect(formatDockerStatus(status)).toMatch(/^No containers of compose project nothing-here/);
  });
});

describe('docker logs', () => {
  it('merges every container in time order, JSON lines with their fields and plain lines as messages', async () => {
    const entries = await readDockerLogs({ env: env(), filter: {} });
    const times = entries.map((entry) => Date.parse(entry.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(entries.map((entry) => entry.component)).toEqual(['postgres', 'api', 'worker', 'nginx', 'api', 'nginx', 'worker', 'api']);
    const post = entries.find((entry) => entry.path === '/properties')!;
    expect(post).toMatchObject({ component: 'api', method: 'POST', status: 201, request_id: 'req-7f3a', level: 'info' });
    expect(JSON.parse(post.raw)).toMatchObject({ component: 'api', request_id: 'req-7f3a' });
    const nginxStart = entries.find((entry) => entry.component === 'nginx' && entry.msg?.includes('start worker processes'))!;
    expect(nginxStart).toMatchObject({ time: '2026-11-26T15:55:22.600Z', level: 'info' });
    expect(JSON.parse(nginxStart.raw)).toMatchObject({ component: 'nginx', msg: nginxStart.msg });
    const logCalls = engine.requests.filter((r) => r.path.endsWith('/logs'));
    expect(logCalls.every((r) => r.query.get('timestamps') === 'true' && r.query.get('stdout') === 'true' && r.query.get('stderr') === 'true')).toBe(true);
  });

  it('filters by request id across containers, by component, level and time', async () => {
    const one = await readDockerLogs({ env: env(), filter: { requestId: 'req-7f3a' } });
    expect(one.map((entry) => `${entry.component} ${entry.msg}`)).toEqual(['api request', 'worker job done']);
    const nginx = await readDockerLogs({ env: env(), filter: { component: 'nginx' } });
    expect(new Set(nginx.map((entry) => entry.component))).toEqual(new Set(['nginx']));
    expect(nginx).toHaveLength(2);
    const warn = await readDockerLogs({ env: env(), filter: { level: 'warn' } });
    expect(warn.map((entry) => entry.path)).toEqual(['/properties/nonexistent-id']);
    const recent = await readDockerLogs({ env: env(), filter: { since: new Date('2026-11-26T16:00:00Z') } });
    expect(recent.every((entry) => entry.time >= '2026-11-26T16:00:00')).toBe(true);
    expect(recent.map((entry) => entry.component)).toEqual(['api', 'nginx', 'worker', 'api']);
    // --since is passed on to the engine, which sends less.
    expect(engine.requests.filter((r) => r.path.endsWith('/logs')).some((r) => r.query.get('since') === String(Date.parse('2026-11-26T16:00:00Z') / 1000))).toBe(true);
  });

  it('follows new lines of the running containers until stopped', async () => {
    const seen: LogEntry[] = [];
    const stop = new AbortController();
    const done = followDockerLogs({ env: env(), filter: { component: 'api' }, onEntry: (entry) => seen.push(entry), signal: stop.signal });
    await engine.following(idOf('reos-api-1'));
    const line = JSON.stringify({ level: 'error', time: '2026-11-26T16:05:00.000Z', msg: 'request', request_id: 'req-live', path: '/deals', status: 500 });
    engine.emit(idOf('reos-api-1'), 1, `2026-11-26T16:05:00.000000001Z ${line}`);
    await expect.poll(() => seen.map((entry) => entry.request_id), { timeout: 10_000 }).toContain('req-live');
    stop.abort();
    await done;
    expect(seen.every((entry) => entry.component === 'api')).toBe(true);
  });
});

describe('demultiplex', () => {
  it('joins frames of both streams and keeps an incomplete one for later', () => {
    const whole = Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n'), frame(1, 'three\n')]);
    const { text, rest } = demultiplex(whole.subarray(0, whole.length - 3));
    expect(text).toBe('one\ntwo\n');
    expect(demultiplex(Buffer.concat([rest, whole.subarray(whole.length - 3)])).text).toBe('three\n');
  });

  it('passes a TTY container raw stream through', () => {
    expect(demultiplex(Buffer.from('2026-11-26T16:00:00Z plain\n')).text).toBe('2026-11-26T16:00:00Z plain\n');
  });

  it('skips lines without the engine timestamp', () => {
    expect(toEntry('no timestamp here', 'api')).toBeUndefined();
  });
});

describe('no Docker engine', () => {
  const attempt = async (host: string) => {
    try {
      await assertEngine(engineFor({ DOCKER_HOST: host }));
    } catch (error) {
      return error as ReosError;
    }
    throw new Error('expected assertEngine to fail');
  };

  it('says so in one line, with the embedded mode as the hint, exit 3', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-noengine-'));
    const error = await attempt(`unix://${path.join(dir, 'docker.sock')}`);
    expect(error).toBeInstanceOf(ReosError);
    expect(error.code).toBe('DOCKER_UNAVAILABLE');
    expect(error.exitCode).toBe(EXIT.unreachable);
    expect(error.message).toBe(`No Docker engine: unix://${path.join(dir, 'docker.sock')} does not exist (is Docker installed and running?).`);
    expect(error.message).not.toContain('\n');
    expect(error.hint).toContain('`reos up` (embedded mode)');
    fs.rmSync(dir, { recursive: true });
  });

  it('names a socket nobody answers on, and a DOCKER_HOST it cannot read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-noengine-'));
    const stale = path.join(dir, 'docker.sock');
    fs.writeFileSync(stale, '');
    expect((await attempt(`unix://${stale}`)).message).toMatch(/^No Docker engine: nothing answers at unix:\/\/.*docker\.sock\.$/);
    expect((await attempt('ssh://user@host')).message).toBe('No Docker engine: DOCKER_HOST "ssh://user@host" is not a unix://, tcp:// or http:// address.');
    fs.rmSync(dir, { recursive: true });
  });
});
