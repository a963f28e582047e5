/** The CLI's surface: help, version, and flag parsing errors, through the built bin/run.js. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT, killAll, removeTemps, root, runReos, STACK_FRAME } from './helpers.js';

afterEach(killAll);
afterAll(removeTemps);

describe('reos help and version', { timeout: CLI_TIMEOUT }, () => {
  it('lists the up command and the db topic', async () => {
    const result = await runReos(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\s+up\s+Start the Real Estate OS stack/m);
    expect(result.stdout).toMatch(/^\s+db\s+/m);
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const result = await runReos(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`reos/${version}`);
  });

  it('shows examples and every flag in `up --help`', async () => {
    const result = await runReos(['up', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('EXAMPLES');
    expect(result.stdout).toContain('$ reos up --ephemeral --port 8080');
    for (const flag of ['--port', '--host', '--data-dir', '--ephemeral', '--database-url', '--log-level', '--json']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('lists migrate and status under `db --help`', async () => {
    const result = await runReos(['db', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/db migrate/);
    expect(result.stdout).toMatch(/db status/);
  });
});

describe('bad usage exits 2 with a message, not a stack trace', { timeout: CLI_TIMEOUT }, () => {
  it.each([
    [['up', '--port', 'abc'], /--port/],
    [['up', '--port', '70000'], /--port/],
    [['up', '--log-level', 'loud'], /--log-level/],
    [['up', '--ephemeral', '--database-url', 'postgres://x@127.0.0.1/x'], /--ephemeral/],
    [['db', 'status', '--database-url', 'mysql://root@127.0.0.1/x'], /postgres:\/\//],
  ])('reos %j', async (args, message) => {
    const result = await runReos(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('reports a bad value from the environment with the variable to fix', async () => {
    const result = await runReos(['up', '--ephemeral'], { env: { REOS_PORT: 'abc' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('REOS_PORT');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
