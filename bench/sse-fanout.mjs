#!/usr/bin/env node
/**
 * SSE fan-out benchmark. Not a test: prints a table and writes bench/results/sse-fanout.json.
 *
 *   node bench/sse-fanout.mjs [--streams 1000] [--events 100] [--interval-ms 100] [--database-url URL] [--cpu-prof DIR]
 *
 * One `startStack` server runs in a child process (embedded PGlite in memory by default, or
 * PostgreSQL with --database-url), rate limits off. This process opens --streams concurrent
 * `/sse/stream` connections to it, then publishes --events events through POST /sse/test/emit,
 * one every --interval-ms, each carrying its emit time. Every stream parses what it receives
 * (eventsource-parser); latency = receive time - emit time, on this process's clock, so it
 * includes the emit request, the database insert, the fan-out and the client's parsing.
 * Memory per connection = the server's RSS delta (after a forced GC on both sides of the
 * measure) divided by the number of streams. Goal: p99 <= 100 ms.
 *
 * The default pace, 10 events/s to 1,000 streams, is 10,000 deliveries/s. `--interval-ms 20`
 * (50,000/s) saturates the server's one JS thread: each delivery costs ~12 µs of socket write
 * and web-stream plumbing, plus each event's emit request and database round trips, so latency
 * then grows with the backlog. The table shows the server's CPU per delivery and the load
 * average: on a shared machine, read latencies next to them.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createParser } from 'eventsource-parser';
import { Agent, fetch } from 'undici';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');

if (process.argv.includes('--serve')) await serve();
else await main();

/** Child: the stack, an admin user, and an IPC channel answering RSS questions. */
async function serve() {
  const { startStack } = await import('../stack/server.ts');
  const { loadStackConfig } = await import('../stack/config.ts');
  const { signAccessToken } = await import('../stack/auth/tokens.ts');
  const { teams, users } = await import('../stack/db/schema.ts');
  const base = loadStackConfig({ ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false' }, 'bench');
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const stack = await startStack({ config: { ...base, host: '127.0.0.1', port: 0, ephemeral: !databaseUrl, databaseUrl } });
  const teamId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  await stack.database.db.insert(teams).values({ id: teamId, name: 'Bench team' });
  await stack.database.db.insert(users).values({ id: userId, teamId, email: `bench-${userId}@example.test`, name: 'Bench', role: 'admin', passwordHash: 'x' });
  const token = await signAccessToken(base.jwt, { id: userId, teamId, role: 'admin' });
  process.on('message', async (message) => {
    if (message === 'rss') {
      for (let i = 0; i < 3; i++) {
        globalThis.gc?.();
        await new Promise((r) => setTimeout(r, 50));
      }
      process.send({ rss: process.memoryUsage().rss });
    } else if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpuMs: (user + system) / 1000 });
    } else if (message === 'stop') {
      await stack.close();
      process.exit(0);
    }
  });
  process.send({ url: stack.url, token, database: stack.database.kind });
}

async function main() {
  const { values } = parseArgs({
    options: {
      streams: { type: 'string', default: '1000' },
      events: { type: 'string', default: '100' },
      'interval-ms': { type: 'string', default: '100' },
      'database-url': { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
  });
  const STREAMS = Number(values.streams);
  const EVENTS = Number(values.events);
  const INTERVAL = Number(values['interval-ms']);
  const now = () => performance.timeOrigin + performance.now();
  const dispatcher = new Agent({ connections: null, keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });

  const child = fork(self, ['--serve'], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [])],
    env: { ...process.env, BENCH_DATABASE_URL: values['database-url'] ?? '' },
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  const { url, token, database } = await next();
  const ask = async () => {
    child.send('rss');
    return (await next()).rss;
  };
  const serverCpuMs = async () => {
    child.send('cpu');
    return (await next()).cpuMs;
  };
  const api = async (method, route, body) => {
    const res = await fetch(url + route, {
      method,
      dispatcher,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${route} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };

  const rssBefore = await ask();
  const latencies = [];
  /** Per event: latency of its first and of its last delivery (the fan-out's spread). */
  const perEvent = new Map();
  let received = 0;
  let streamToken;
  const requests = [];
  const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const opened = performance.now();
  for (let i = 0; i < STREAMS; i += 100) {
    streamToken = (await api('GET', '/sse/token')).token; // tokens live 60 s: fresh ones for a slow machine
    await Promise.all(
      Array.from({ length: Math.min(100, STREAMS - i) }, async () => {
        const parser = createParser({
          onEvent(event) {
            if (event.event !== 'bench') return;
            const { n, sent_at: sentAt } = JSON.parse(event.data);
            const latency = now() - sentAt;
            latencies.push(latency);
            const spread = perEvent.get(n) ?? { first: Infinity, last: 0 };
            perEvent.set(n, { first: Math.min(spread.first, latency), last: Math.max(spread.last, latency) });
            received++;
          },
        });
        // node:http rather than fetch: a thinner client leaves the CPU to the server being measured.
        await new Promise((resolve, reject) => {
          const req = http.get(`${url}/sse/stream?token=${streamToken}`, { agent: streamAgent }, (res) => {
            if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
            res.setEncoding('utf8');
            res.once('data', resolve);
            res.on('data', (text) => parser.feed(text));
            res.on('error', () => undefined);
          });
          req.on('error', reject);
          requests.push(req);
        });
      }),
    );
  }
  const openMs = performance.now() - opened;
  const stats = await api('GET', '/sse/stats');
  const rssOpen = await ask();

  const cpuBefore = await serverCpuMs();
  const emitPhase = performance.now();
  const emitMs = [];
  for (let i = 0; i < EVENTS; i++) {
    const sentAt = now();
    await api('POST', '/sse/test/emit', { type: 'bench', data: { n: i, sent_at: sentAt } });
    emitMs.push(now() - sentAt);
    await new Promise((r) => setTimeout(r, INTERVAL));
  }
  const expected = STREAMS * EVENTS;
  const deadline = performance.now() + 30_000;
  while (received < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const emitPhaseMs = performance.now() - emitPhase;
  const cpuEmitMs = (await serverCpuMs()) - cpuBefore;
  const after = await api('GET', '/sse/stats');

  requests.forEach((req) => req.destroy());
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  await dispatcher.close().catch(() => undefined);

  const percentile = (xs, p) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
  };
  latencies.sort((a, b) => a - b);
  const pct = (p) => percentile(latencies, p);
  const firsts = [...perEvent.values()].map((e) => e.first);
  const spreads = [...perEvent.values()].map((e) => e.last - e.first);
  const perConnKb = (rssOpen - rssBefore) / 1024 / STREAMS;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    database,
    streams: STREAMS,
    streams_seen_by_server: stats.connections,
    events: EVENTS,
    interval_ms: INTERVAL,
    deliveries_expected: expected,
    deliveries_received: received,
    events_delivered_by_server: after.events_delivered,
    open_all_streams_ms: Math.round(openMs),
    latency_ms: { p50: pct(50), p90: pct(90), p99: pct(99), max: latencies.at(-1) },
    emit_round_trip_ms_p50: percentile(emitMs, 50),
    first_delivery_ms_p50: percentile(firsts, 50),
    fanout_spread_ms_p50: percentile(spreads, 50),
    server_cpu_ms_during_emits: cpuEmitMs,
    server_cpu_us_per_delivery: (cpuEmitMs * 1000) / Math.max(1, received),
    server_cpu_share_during_emits: cpuEmitMs / emitPhaseMs,
    load_average_1m: os.loadavg()[0],
    cpus: os.cpus().length,
    server_rss_mb: { before: rssBefore / 2 ** 20, with_streams: rssOpen / 2 ** 20 },
    server_kb_per_connection: perConnKb,
    goal_p99_ms: 100,
    goal_met: pct(99) <= 100 && received === expected,
  };

  const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  const rows = [
    ['database', database],
    ['streams open (server count)', `${STREAMS} (${stats.connections})`],
    ['time to open all streams', `${f(openMs, 0)} ms`],
    ['events emitted', `${EVENTS}, one per ${INTERVAL} ms`],
    ['deliveries received / expected', `${received} / ${expected}`],
    ['latency p50', `${f(pct(50))} ms`],
    ['latency p90', `${f(pct(90))} ms`],
    ['latency p99 (goal <= 100)', `${f(pct(99))} ms`],
    ['latency max', `${f(latencies.at(-1))} ms`],
    ['emit round trip p50', `${f(percentile(emitMs, 50))} ms`],
    ['first delivery of an event p50', `${f(percentile(firsts, 50))} ms`],
    ['first-to-last delivery spread p50', `${f(percentile(spreads, 50))} ms`],
    ['server CPU per delivery', `${f((cpuEmitMs * 1000) / Math.max(1, received), 2)} µs (${f((100 * cpuEmitMs) / emitPhaseMs, 0)}% of a core while emitting)`],
    ['server RSS before / with streams', `${f(rssBefore / 2 ** 20)} / ${f(rssOpen / 2 ** 20)} MB`],
    ['server memory per connection', `${f(perConnKb)} KB`],
    ['verdict', result.goal_met ? 'GOAL MET' : 'GOAL MISSED'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nSSE fan-out (${process.version}, ${database}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)})\n`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench/results/sse-fanout.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('\n  written to bench/results/sse-fanout.json');
  if (received !== expected) process.exitCode = 1;
}
