/**
 * A Docker Engine API stand-in for tests: an HTTP server on a unix socket in a temp dir that
 * replays recorded answers (test/fixtures/docker-engine/) for the calls docker mode makes:
 * `/_ping`, `/version`, `/containers/json` (with its label filter), `/containers/{id}/json`
 * and `/containers/{id}/logs` in the multiplexed stream format, `follow` included. Requests
 * are recorded so tests can assert what was asked.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/docker-engine');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

export interface FakeEngine {
  /** `unix:///.../docker.sock`, for DOCKER_HOST. */
  host: string;
  requests: { method: string; path: string; query: URLSearchParams }[];
  /** Sends a new log line to every open `follow` stream of that container. */
  emit(containerId: string, stream: 1 | 2, line: string): void;
  /** Resolves once a `follow` stream is open for that container. */
  following(containerId: string): Promise<void>;
  close(): Promise<void>;
}

export function frame(stream: number, payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

export const fixtureContainers = (): { Id: string; Names: string[]; Labels: Record<string, string> }[] => load('containers.json');
export const idOf = (name: string): string => fixtureContainers().find((c) => c.Names[0] === `/${name}`)!.Id;

export async function startFakeEngine(): Promise<FakeEngine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-engine-'));
  const socket = path.join(dir, 'docker.sock');
  const containers = fixtureContainers();
  const inspect: Record<string, unknown> = load('inspect.json');
  const logs: Record<string, [number, string][]> = load('logs.json').containers;
  const requests: FakeEngine['requests'] = [];
  const followers = new Map<string, Set<http.ServerResponse>>();
  const waiting = new Map<string, (() => void)[]>();

  const json = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': '1.47', Server: 'Docker/27.3.1 (linux)' });
    response.end(JSON.stringify(body));
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://docker');
    // Clients may pin a version (/v1.47/...); the answers are the same here.
    const route = url.pathname.replace(/^\/v1\.\d+/, '');
    requests.push({ method: request.method ?? 'GET', path: route, query: url.searchParams });
    if (route === '/_ping') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Api-Version': '1.47', Ostype: 'linux', 'Docker-Experimental': 'false' });
      return response.end('OK');
    }
    if (route === '/version') return json(response, 200, load('version.json'));
    if (route === '/containers/json') {
      const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as { label?: string[] | Record<string, boolean> };
      const wanted = Array.isArray(filters.label) ? filters.label : Object.keys(filters.label ?? {});
      const all = ['1', 'true'].includes(url.searchParams.get('all') ?? '');
      const list = containers.filter(
        (c) =>
          wanted.every((label) => {
            const [key, value] = label.split('=');
            return value === undefined ? key in c.Labels : c.Labels[key] === value;
          }) && (all || (c as unknown as { State: string }).State === 'running'),
      );
      return json(response, 200, list);
    }
    const match = /^\/containers\/([0-9a-f]+)\/(json|logs)$/.exec(route);
    if (!match || !inspect[match[1]]) return json(response, 404, { message: `No such container: ${match?.[1] ?? route}` });
    const [, id, what] = match;
    if (what === 'json') return json(response, 200, inspect[id]);
    const since = Number(url.searchParams.get('since') ?? 0);
    const timestamps = ['1', 'true'].includes(url.searchParams.get('timestamps') ?? '');
    const line = (text: string) => (timestamps ? text : text.replace(/^\S+ /, ''));
    response.writeHead(200, { 'Content-Type': 'application/vnd.docker.multiplexed-stream', 'Api-Version': '1.47' });
    for (const [stream, text] of logs[id] ?? []) {
      if (Date.parse(text.slice(0, text.indexOf(' '))) / 1000 >= since) response.write(frame(stream, `${line(text)}\n`));
    }
    if (!['1', 'true'].includes(url.searchParams.get('follow') ?? '')) return response.end();
    const set = followers.get(id) ?? new Set();
    followers.set(id, set.add(response));
    response.on('close', () => set.delete(response));
    for (const resolve of waiting.get(id) ?? []) resolve();
    waiting.delete(id);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));

  return {
    host: `unix://${socket}`,
    requests,
    emit(id, stream, text) {
      for (const response of followers.get(id) ?? []) response.write(frame(stream, `${text}\n`));
    },
    following(id) {
      if ((followers.get(id)?.size ?? 0) > 0) return Promise.resolve();
      return new Promise((resolve) => waiting.set(id, [...(waiting.get(id) ?? []), resolve]));
    },
    async close() {
      for (const set of followers.values()) for (const response of set) response.end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
