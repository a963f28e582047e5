/**
 * An exclusive lock on a PGlite data directory. PGlite is single-process: two processes on one
 * directory corrupt it, so the second must be refused with the holder's pid. A lock left by a
 * dead process (SIGKILL, power loss) is detected and taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StackError } from '../lib/errors.js';

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dir: string): DataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'reos.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, started_at: new Date().toISOString() }));
      fs.closeSync(fd);
      return {
        release() {
          try {
            const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
            if (holder.pid === process.pid) fs.rmSync(file, { force: true });
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let pid = 0;
      try {
        pid = Number((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number }).pid) || 0;
      } catch {
        // unreadable lock: treat as stale
      }
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new StackError('DATA_DIR_LOCKED', `The data directory ${dir} is in use by another reos process (pid ${pid}).`, {
          hint: `Stop that process first, or start with --data-dir <other dir> or --ephemeral.`,
        });
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new StackError('DATA_DIR_LOCKED', `Could not lock the data directory ${dir}.`, {
    hint: 'Remove the stale reos.lock file in it if no reos process is running.',
  });
}
