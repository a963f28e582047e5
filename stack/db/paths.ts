/** Where the committed SQL migrations live, from both `stack/` (tsx) and `dist/stack/` (built). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

export function migrationsFolder(): string {
  if (found) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'stack', 'db', 'migrations');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return (found = candidate);
    if (path.basename(dir) === 'db' && fs.existsSync(path.join(dir, 'migrations', 'meta', '_journal.json'))) {
      return (found = path.join(dir, 'migrations'));
    }
    dir = path.dirname(dir);
  }
  throw new Error('The SQL migrations folder (stack/db/migrations) is missing from this install.');
}
