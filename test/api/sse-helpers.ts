/**
 * Real-socket helpers for the SSE and idempotency tests: a stack listening on an ephemeral
 * port (over the run's backend: PGlite in memory, or a fresh PostgreSQL database), users made
 * straight in its database, and an SSE client (undici fetch + eventsource-parser) that records
 * what arrives and lets a test wait for it.
 */
import crypto from 'node:crypto';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { signAccessToken } from '../../stack/auth/tokens.js';
import { hashPassword } from '../../stack/auth/passwords.js';
import { loadStackConfig, type StackConfig } from '../../stack/config.js';
import { teams, users } from '../../stack/db/schema.js';
import type { Role } from '../../stack/lib/context.js';
import { startStack, type RunningStack } from '../../stack/server.js';
import { backend, createPgDatabase } from '../support/backend.js';

export interface SocketUser {
  id: string;
  teamId: string;
  role: Role;
  token: string;
}

export interface SocketStack {
  stack: RunningStack;
  url: string;
  config: StackConfig;
  user(options?: { role?: Role; teamId?: string }): Promise<SocketUser>;
  /** JSON request over the socket. */
  send(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  close(): Promise<void>;
}

export interface StackEnv {
  /** Extra environment, e.g. SSE_HEARTBEAT_MS or REDIS_URL. */
  env?: Record<string, string>;
  /** Share this PostgreSQL database (URL) instead of making a new one. */
  databaseUrl?: string;
}

export async function startSocketStack(options: StackEnv = {}): Promise<SocketStack> {
  const created = backend === 'postgres' && !options.databaseUrl ? await createPgDatabase() : undefined;
  const databaseUrl = options.databaseUrl ?? created?.url;
  const config: StackConfig = {
    ...loadStackConfig({ LOG_LEVEL: 'silent', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', ...options.env }, 'test'),
    host: '127.0.0.1',
    port: 0,
    ephemeral: !databaseUrl,
    databaseUrl,
  };
  const stack = await startStack({ config });
  const send: SocketStack['send'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(stack.url + path, { method, headers, body });
    const text = await res.text();
    const parsed = /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return {
    stack,
    url: stack.url,
    config,
    send,
    async user(o = {}) {
      const role = o.role ?? 'admin';
      let teamId = o.teamId;
      if (!teamId) {
        teamId = crypto.randomUUID();
        await stack.database.db.insert(teams).values({ id: teamId, name: `Team ${teamId.slice(0, 8)}` });
      }
      const id = crypto.randomUUID();
      await stack.database.db
        .insert(users)
        .values({ id, teamId, email: `sse-${id.slice(0, 8)}@example.test`, name: 'SSE User', role, passwordHash: await hashPassword('Correct-Horse-9') });
      return { id, teamId, role, token: await signAccessToken(config.jwt, { id, teamId, role }) };
    },
    async close() {
      await stack.close();
      await created?.drop();
    },
  };
}

export interface OpenedStream {
  status: number;
  headers: Headers;
  /** The raw text received so far. */
  raw: string;
  events: EventSourceMessage[];
  comments: string[];
  retry?: number;
  /** Resolves when `predicate` holds on what was received (checked on every chunk). */
  until(predicate: (s: OpenedStream) => boolean, what?: string): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `/sse/stream` (or `path`) and starts reading it in the background. */
export async function openStream(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
  const abort = new AbortController();
  const res = await fetch(baseUrl + path, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const waiters = new Set<() => void>();
  const stream: OpenedStream = {
    status: res.status,
    headers: res.headers,
    raw: '',
    events: [],
    comments: [],
    until(predicate, what = 'condition') {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(stream)) {
            waiters.delete(check);
            resolve();
          } else if (finished) {
            waiters.delete(check);
            reject(new Error(`stream ended before ${what}; received:\n${stream.raw}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    ended: Promise.resolve(),
    close: () => abort.abort(),
  };
  let finished = false;
  const parser = createParser({
    onEvent: (event) => stream.events.push(event),
    onComment: (comment) => stream.comments.push(comment.trim()),
    onRetry: (ms) => (stream.retry = ms),
  });
  stream.ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        const text = decoder.decode(chunk as Uint8Array, { stream: true });
        stream.raw += text;
        parser.feed(text);
        waiters.forEach((check) => check());
      }
    } catch {
      // aborted by close()
    } finally {
      finished = true;
      waiters.forEach((check) => check());
    }
  })();
  return stream;
}

/** A stream token for this user, from GET /sse/token. */
export async function streamToken(s: SocketStack, user: SocketUser): Promise<string> {
  const res = await s.send('GET', '/sse/token', { token: user.token });
  if (res.status !== 200) throw new Error(`GET /sse/token answered ${res.status}: ${res.text}`);
  return res.body.token as string;
}
