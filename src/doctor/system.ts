/**
 * Checks of the machine itself: the Node version reos needs, whether a port is free to listen
 * on, and the free space on the file system that will hold the data directory.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { DoctorCheck } from './types.js';

export const MIN_NODE = '20.19.0';

function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

export function checkNode(version = process.versions.node): DoctorCheck {
  const ok = versionAtLeast(version, MIN_NODE);
  return {
    id: 'node',
    title: 'Node.js version',
    status: ok ? 'pass' : 'fail',
    detail: `Node.js ${version}${ok ? '' : `, reos needs >= ${MIN_NODE}`}`,
    ...(ok ? {} : { hint: `Install Node.js ${MIN_NODE} or newer (e.g. \`nvm install 22\`).` }),
  };
}

/** Resolves undefined when `port` can be listened on at `host`, else the error code (EADDRINUSE, EACCES ...). */
export function tryListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

export interface PortCheckInput {
  id: string;
  label: string;
  port: number;
  host: string;
  /** The flag or variable that moves this port, for the hint. */
  setting: string;
  /** Set when reos' own running stack is known to hold this port: then in use is expected. */
  ownedBy?: string;
}

export async function checkPort(input: PortCheckInput): Promise<DoctorCheck> {
  const title = `Port ${input.port} (${input.label})`;
  const problem = await tryListen(input.port, input.host);
  if (!problem) return { id: input.id, title, status: 'pass', detail: `free on ${input.host}` };
  if (problem === 'EADDRINUSE' && input.ownedBy) return { id: input.id, title, status: 'pass', detail: `in use by ${input.ownedBy}` };
  if (problem === 'EADDRINUSE') {
    return {
      id: input.id,
      title,
      status: 'fail',
      detail: `already in use on ${input.host} by another program`,
      hint: `See who holds it with \`lsof -i :${input.port}\` and stop it, or choose another port with ${input.setting}.`,
    };
  }
  return { id: input.id, title, status: 'fail', detail: `cannot listen on ${input.host}:${input.port} (${problem})`, hint: `Choose another port with ${input.setting}.` };
}

const MB = 1024 * 1024;
export const DISK_FAIL_BYTES = 200 * MB;
export const DISK_WARN_BYTES = 1024 * MB;

/** The nearest existing folder at or above `dir` (the data directory may not exist yet). */
async function existingAncestor(dir: string): Promise<string> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      await fs.access(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

export async function checkDisk(dataDir: string, thresholds = { fail: DISK_FAIL_BYTES, warn: DISK_WARN_BYTES }): Promise<DoctorCheck> {
  const where = await existingAncestor(dataDir);
  try {
    const stats = await fs.statfs(where);
    const free = stats.bavail * stats.bsize;
    const shown = `${(free / (1024 * MB)).toFixed(1)} GB free on the file system of ${where}`;
    if (free < thresholds.fail) return { id: 'disk', title: 'Disk space', status: 'fail', detail: shown, hint: `Free at least ${thresholds.fail / MB} MB, or use --data-dir on another disk.` };
    if (free < thresholds.warn) return { id: 'disk', title: 'Disk space', status: 'warn', detail: shown, hint: 'Evidence packs and the database grow during a demo: free some space.' };
    return { id: 'disk', title: 'Disk space', status: 'pass', detail: shown };
  } catch (error) {
    return { id: 'disk', title: 'Disk space', status: 'warn', detail: `cannot measure free space at ${where}: ${(error as Error).message}`, hint: 'Check the disk by hand (`df -h`).' };
  }
}
