/** `reos db status` and `reos db migrate` through the built CLI, on temporary data directories. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../stack/db/client.js';
import { CLI_TIMEOUT, killAll, removeTemps, runReos, STACK_FRAME, STACK_TIMEOUT, tempDir } from './helpers.js';

afterEach(killAll);
afterAll(removeTemps);



describe('reos db on the embedded database', () => {
  it('reports pending migrations without creating anything, then migrates', { timeout: STACK_TIMEOUT }, async () => {
    const dataDir = path.join(tempDir(), 'data');

    const before = await runReos(['db', 'status', '--data-dir', dataDir, '--json']);
    expect(before.code).toBe(0);
    const pending = JSON.parse(before.stdout);
    expect(pending).toMatchObject({ backend: 'pglite', exists: false, unknown: 0 });
    expect(pending.pending).toBeGreaterThan(0);
    expect(fs.existsSync(dataDir)).toBe(false);

    const migrate = await runReos(['db', 'migrate', '--data-dir', dataDir, '--json']);
    expect(migrate.code).toBe(0);
    const migrated = JSON.parse(migrate.stdout);
    expect(migrated).toMatchObject({ backend: 'pglite', location: path.join(dataDir, 'pgdata'), pending: 0 });
    expect(migrated.applied).toEqual(pending.migrations.map((m: { tag: string }) => m.tag));

    const after = await runReos(['db', 'status', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ exists: true, pending: 0, unknown: 0 });

    const again = await runReos(['db', 'migrate', '--data-dir', dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up to date');
    expect(fs.existsSync(path.join(dataDir, 'reos.lock'))).toBe(false);
  });

  it('prints a table of migrations for people', { timeout: STACK_TIMEOUT }, async () => {
    const result = await runReos(['db', 'status', '--data-dir', path.join(tempDir(), 'data')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^0000_\S+\s+no$/m);
    expect(result.stdout).toContain('reos db migrate');
  });

  it('warns and exits 1 on a database migrated by a newer reos', { timeout: STACK_TIMEOUT }, async () => {
    const dataDir = path.join(tempDir(), 'data');
    expect((await runReos(['db', 'migrate', '--data-dir', dataDir])).code).toBe(0);
    const database = await openDatabase({ dataDir, migrate: false });
    await database.db.execute(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', 99999999999999)`);
    await database.close();

    const status = await runReos(['db', 'status', '--data-dir', dataDir, '--json']);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ unknown: 1 });
    expect(status.stderr).toContain('newer reos');

    const migrate = await runReos(['db', 'migrate', '--data-dir', dataDir]);
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain('Upgrade reos');
  });

  it('refuses a data directory that is a file', { timeout: CLI_TIMEOUT }, async () => {
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, '');
    const result = await runReos(['db', 'status', '--data-dir', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--data-dir');

    const below = await runReos(['db', 'migrate', '--data-dir', path.join(file, 'data')]);
    expect(below.code).toBe(2);
    expect(below.stderr).toContain('Cannot use the data directory');
    expect(below.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('reos db on PostgreSQL', { timeout: CLI_TIMEOUT }, () => {
  it('exits 3 with a clear message when the server is unreachable', async () => {
    const result = await runReos(['db', 'status', '--database-url', 'postgres://nobody@127.0.0.1:1/x']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Cannot connect to PostgreSQL at postgres://nobody@127.0.0.1:1/x');
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('reports the same failure as JSON under --json, with the password redacted', async () => {
    const result = await runReos(['db', 'migrate', '--json'], { env: { DATABASE_URL: 'postgres://nobody:hunter2@127.0.0.1:1/x' } });
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).not.toContain('hunter2');
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'DATABASE_UNREACHABLE', exit_code: 3 });
  });
});
