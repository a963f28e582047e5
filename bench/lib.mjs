/**
 * Helpers the throughput benchmarks share (foundation.mjs, hot-path.mjs): a free port, a median,
 * a JSON call that fails loudly, and the floor servers under bench/floors/.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const floors = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floors');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `method url` with a JSON body and an optional bearer token; the parsed answer, or a thrown error. */
export async function json(url, method, body, token) {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} -> ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Starts bench/floors/<file> on a free port; resolves once it prints "ready" (or "ready <token>"). */
export async function startFloor(file) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(floors, file)], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = String(await new Promise((resolve) => child.stdout.once('data', resolve))).trim();
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    token: line.split(' ')[1],
    stop: async () => {
      child.kill();
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}
