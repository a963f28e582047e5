/** The git commit of a folder, for the manifest; undefined outside a repository or without git. */
import { execFile } from 'node:child_process';

export function gitCommit(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd, timeout: 5_000, windowsHide: true }, (error, stdout) => {
      const commit = String(stdout ?? '').trim();
      resolve(!error && /^[0-9a-f]{7,64}$/.test(commit) ? commit : undefined);
    });
  });
}
