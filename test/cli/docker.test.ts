/**
 * Docker mode through the built CLI, as an operator runs it, with no Docker installed: a fake
 * `docker` executable on PATH stands in for the compose plugin (recording its arguments), and
 * a recorded Docker Engine API exchange replayed on a unix socket (DOCKER_HOST) stands in for
 * the engine that dockerode asks for containers and logs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEngine, type FakeEngine } from '../unit/docker/fake-engine.js';
import { CLI_TIMEOUT, removeTemps, root, runReos, STACK_FRAME, tempDir } from './helpers.js';

let engine: FakeEngine;
let bin: string;

beforeAll(async () => {
  engine = await startFakeEngine();
  bin = tempDir('reos-fake-docker-');
  fs.writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_DOCKER_LOG"
printf 'env REOS_PORT=%s MAIL_HTTP_PORT=%s\\n' "$REOS_PORT" "$MAIL_HTTP_PORT" >> "$FAKE_DOCKER_LOG"
if [ "$1 $2" = "compose version" ]; then
  if [ "$FAKE_DOCKER_MODE" = no-compose ]; then echo "docker: 'compose' is not a docker command." >&2; exit 1; fi
  echo 2.29.7; exit 0
fi
if [ "$FAKE_DOCKER_MODE" = up-fails ]; then
  echo " Container reos-api-1  Error" >&2
  echo "dependency failed to start: container reos-api-1 is unhealthy" >&2
  exit 1
fi
echo " Container reos-api-1  Healthy" >&2
exit 0
`,
    { mode: 0o755 },
  );
});

afterAll(async () => {
  await engine?.close();
  removeTemps();
});

/** stderr without colour codes and with oclif's wrapping of long error lines undone. */
const unwrapped = (stderr: string) => stderr.replace(/\x1b\[\d+m/g, '').replace(/\n ›\s+/g, ' ').replace(/ +/g, ' ');

function docker(mode = 'ok') {
  const log = path.join(tempDir('reos-docker-log-'), 'calls.log');
  fs.writeFileSync(log, '');
  return {
    // MAIL_HTTP_PORT as a user's shell has it (the CLI test helpers default it to 0 for in-process catchers).
    env: { PATH: `${bin}:${process.env.PATH}`, DOCKER_HOST: engine.host, FAKE_DOCKER_LOG: log, FAKE_DOCKER_MODE: mode, MAIL_HTTP_PORT: '8025' },
    calls: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

describe('reos up --docker, status, logs, down', () => {
  it('starts the compose stack, records docker mode, and status/logs/down follow it', { timeout: CLI_TIMEOUT * 4 }, async () => {
    const cwd = tempDir();
    const fake = docker();
    const compose = `compose -f ${path.join(root, 'docker-compose.yml')} -p reos`;

    const up = await runReos(['up', '--docker', '--monitoring', '--port', '8080'], { cwd, env: fake.env });
    expect(up.stderr).not.toMatch(STACK_FRAME);
    expect(up.code, up.stderr).toBe(0);
    expect(fake.calls()).toEqual([
      'compose version --short',
      'env REOS_PORT=8080 MAIL_HTTP_PORT=8025',
      `${compose} --profile monitoring up --build --detach --wait --wait-timeout 300`,
      'env REOS_PORT=8080 MAIL_HTTP_PORT=8025',
    ]);
    for (const text of ['is up on Docker', 'http://localhost:8080', 'http://localhost:8080/docs', 'http://localhost:8025', 'http://localhost:3000', 'reos down --docker']) {
      expect(up.stdout).toContain(text);
    }
    // compose's own progress goes to stderr for people.
    expect(up.stderr).toContain('Container reos-api-1  Healthy');
    const state = JSON.parse(fs.readFileSync(path.join(cwd, '.reos', 'state.json'), 'utf8'));
    expect(state).toMatchObject({ mode: 'docker', project: 'reos', profiles: ['monitoring'], urls: { api: 'http://localhost:8080', grafana: 'http://localhost:3000' } });

    const status = await runReos(['status'], { cwd, env: fake.env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^SERVICE\s+STATE\s+HEALTH/);
    expect(status.stdout).toMatch(/\nnginx\s+running\s+healthy\s+up \d+ s\s+8000->80\/tcp\s+reos-nginx-1/);
    const statusJson = JSON.parse((await runReos(['status', '--json'], { cwd, env: fake.env })).stdout);
    expect(statusJson).toMatchObject({ mode: 'docker', running: true, project: 'reos' });
    expect(statusJson.containers).toHaveLength(8);

    const logs = await runReos(['logs', '--component', 'api'], { cwd, env: fake.env });
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^15:55:12\.001 INFO  api\s+stack started$/),
      expect.stringMatching(/^16:00:01\.250 INFO  api\s+POST \/properties 201 12\.4 ms  req-7f3a$/),
      expect.stringMatching(/^16:00:02\.500 WARN  api\s+GET \/properties\/nonexistent-id 404 3\.1 ms  req-8b21$/),
    ]);
    const one = await runReos(['logs', '--json', '--request-id', 'req-7f3a'], { cwd, env: fake.env });
    expect(one.stdout.trim().split('\n').map((line) => JSON.parse(line).component)).toEqual(['api', 'worker']);

    // One state file per data directory: the embedded background mode must not overwrite it.
    const detach = await runReos(['up', '--detach', '--ephemeral'], { cwd, env: fake.env });
    expect(detach.code).toBe(2);
    expect(unwrapped(detach.stderr)).toContain('The Docker stack is recorded in');
    expect(JSON.parse(fs.readFileSync(path.join(cwd, '.reos', 'state.json'), 'utf8')).mode).toBe('docker');

    const down = await runReos(['down', '--volumes'], { cwd, env: fake.env });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('Stopped the Docker stack (compose project reos) and deleted its volumes');
    expect(fake.calls()).toContain(`${compose} --profile monitoring down --remove-orphans --volumes`);
    expect(fs.existsSync(path.join(cwd, '.reos', 'state.json'))).toBe(false);
  });

  it('reports a compose failure with its last line, exit 3, and records nothing', { timeout: CLI_TIMEOUT }, async () => {
    const cwd = tempDir();
    const result = await runReos(['up', '--docker'], { cwd, env: docker('up-fails').env });
    expect(result.code).toBe(3);
    expect(unwrapped(result.stderr)).toContain('docker compose up failed (exit 1): dependency failed to start: container reos-api-1 is unhealthy');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(fs.existsSync(path.join(cwd, '.reos', 'state.json'))).toBe(false);
  });

  it('refuses mock secrets outside MOCK_MODE before running anything', { timeout: CLI_TIMEOUT }, async () => {
    const fake = docker();
    const result = await runReos(['up', '--docker'], { cwd: tempDir(), env: { ...fake.env, MOCK_MODE: 'false' } });
    expect(result.code).toBe(2);
    // Every published mock secret .env.mock sets is named (JWT_SECRET first), not only the first one.
    expect(unwrapped(result.stderr)).toMatch(/JWT_SECRET and TWILIO_AUTH_TOKEN are still the published mock values from \.env\.mock while MOCK_MODE=false/);
    expect(fake.calls()).toEqual([]);
  });

  it('wants --docker for --monitoring', { timeout: CLI_TIMEOUT }, async () => {
    const result = await runReos(['up', '--monitoring'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--docker');
  });
});

describe('docker mode without Docker', () => {
  const missing = () => ({ DOCKER_HOST: `unix://${path.join(tempDir(), 'docker.sock')}` });

  it('says there is no engine in one line with the embedded hint, exit 3, for every command', { timeout: CLI_TIMEOUT * 4 }, async () => {
    for (const args of [['status', '--docker'], ['logs', '--docker'], ['down', '--docker'], ['up', '--docker']]) {
      const result = await runReos(args, { cwd: tempDir(), env: { ...missing(), PATH: `${bin}:${process.env.PATH}`, FAKE_DOCKER_LOG: '/dev/null' } });
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      // One error (oclif may wrap it on narrow terminals), then the hint.
      const text = unwrapped(result.stderr);
      expect(text.match(/Error: /g), args.join(' ')).toHaveLength(1);
      expect(text).toMatch(/Error: No Docker engine: unix:\/\/\S*docker\.sock does not exist \(is Docker installed and running\?\)\./);
      expect(text).toContain('`reos up` (embedded mode)');
    }
  });

  it('gives the same error as JSON under --json', { timeout: CLI_TIMEOUT }, async () => {
    const result = await runReos(['status', '--docker', '--json'], { cwd: tempDir(), env: missing() });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'DOCKER_UNAVAILABLE', exit_code: 3, hint: expect.stringContaining('reos up') });
  });

  it('says the compose plugin is missing when only that is', { timeout: CLI_TIMEOUT }, async () => {
    const result = await runReos(['up', '--docker'], { cwd: tempDir(), env: docker('no-compose').env });
    expect(result.code).toBe(3);
    expect(unwrapped(result.stderr)).toContain('No Docker Compose: the Docker Compose plugin is missing (`docker compose` is not a docker command).');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
