/**
 * Process entry of the standalone job worker (services / docker mode): `node dist/stack/worker-main.js`
 * with DATABASE_URL (and REDIS_URL, STORAGE_DRIVER ...) in the environment. See worker-process.ts.
 */
import { readFileSync } from 'node:fs';
import { runWorkerProcess } from './worker-process.js';

function packageVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (source vs dist)
    }
  }
  return '0.0.0';
}

await runWorkerProcess(process.env, packageVersion());
