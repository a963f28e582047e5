/**
 * The data directory's health: it exists (or can be created) and is writable, its PGlite lock is
 * held by a live process or is stale, and its schema matches this reos (no migration a newer
 * reos wrote; pending ones are only a warning because `reos up` applies them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from '../runtime/lifecycle/state.js';
import { embeddedDatabaseExists } from '../runtime/database-target.js';
import type { DoctorCheck } from './types.js';

const TITLE = 'Data directory';

function lockHolder(dataDir: string): { pid: number; alive: boolean } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'reos.lock'), 'utf8');
  } catch {
    return undefined;
  }
  let pid = 0;
  try {
    pid = Number((JSON.parse(text) as { pid?: number }).pid) || 0;
  } catch {
    // unreadable: stale
  }
  return { pid, alive: pid > 0 && isAlive(pid) };
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function schemaState(dataDir: string): Promise<{ status: 'pass' | 'warn' | 'fail'; detail: string; hint?: string }> {
  const { databaseStatus } = await import('../runtime/db.js');
  try {
    const status = await databaseStatus({ dataDir });
    if (status.unknown > 0) return { status: 'fail', detail: `its database holds ${status.unknown} migration(s) this reos does not know (written by a newer reos)`, hint: 'Upgrade reos, or use another --data-dir (or --ephemeral for the demo).' };
    if (status.pending > 0) return { status: 'warn', detail: `${status.pending} migration(s) pending`, hint: '`reos up` applies them when it starts (or run `reos db migrate`).' };
    return { status: 'pass', detail: `schema up to date (${status.migrations.length} migrations)` };
  } catch (error) {
    return { status: 'warn', detail: `cannot read its database: ${(error as Error).message}`, hint: 'Run `reos db status` for details.' };
  }
}

export async function checkDataDir(dataDir: string, options: { schema?: boolean } = {}): Promise<DoctorCheck> {
  const base = { id: 'data-dir', title: TITLE };
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dataDir);
  } catch {
    const parent = path.dirname(dataDir);
    if (fs.existsSync(parent) && !writable(parent)) return { ...base, status: 'fail', detail: `${dataDir} does not exist and ${parent} is not writable`, hint: 'Pass --data-dir <a folder you can write> (or set REOS_DATA_DIR).' };
    return { ...base, status: 'pass', detail: `${dataDir} does not exist yet; \`reos up\` creates it` };
  }
  if (!stat.isDirectory()) return { ...base, status: 'fail', detail: `${dataDir} is a file, not a folder`, hint: 'Pass --data-dir <folder> (or set REOS_DATA_DIR).' };
  if (!writable(dataDir)) return { ...base, status: 'fail', detail: `${dataDir} is not writable`, hint: `Fix its permissions (\`chmod u+w ${dataDir}\`) or pass --data-dir <another folder>.` };

  const lock = lockHolder(dataDir);
  if (lock?.alive) return { ...base, status: 'pass', detail: `${dataDir} is in use by a running reos (pid ${lock.pid}); its schema is that process's` };
  const notes = [`${dataDir} is writable`];
  let status: DoctorCheck['status'] = 'pass';
  let hint: string | undefined;
  if (lock) {
    status = 'warn';
    notes.push(`a stale lock from pid ${lock.pid || '?'} (no such process) is left`);
    hint = 'Harmless: the next `reos up` takes it over. Remove reos.lock in it to tidy up.';
  }
  if (options.schema !== false && embeddedDatabaseExists(dataDir)) {
    const schema = await schemaState(dataDir);
    notes.push(schema.detail);
    if (schema.status === 'fail' || (schema.status === 'warn' && status === 'pass')) {
      status = schema.status;
      hint = schema.hint;
    }
  } else notes.push('no embedded database in it yet');
  return { ...base, status, detail: notes.join('; '), ...(hint ? { hint } : {}) };
}
