#!/usr/bin/env node
/**
 * Soak test of services mode. Not a test: prints a table over time and writes
 * bench/results/soak-<timestamp>.json, then a verdict on memory growth.
 *
 *   npm run build && npm run bench:soak -- [--duration 300] [--rate 20] [--sse 10] [--replicas 2]
 *
 * Starts `reos up --services --replicas N --detach` on a PostgreSQL database of its own (created
 * here and dropped at the end) and Redis under a key prefix of its own, registers a few users
 * (each logs in once; enough users that the per-user rate limit, 600/min, is never reached), and
 * holds --sse streams open on the replicas for the whole run. Then it sends --rate requests per
 * second, open loop (a slow answer does not slow the sending), round-robin over the replicas:
 * GET /properties/{id} 35%, GET /properties 15%, GET /leads 10%, POST /properties 15%,
 * PATCH /properties/{id} 10%, POST /leads 15%. Every --sample seconds: requests finished, error
 * rate (any status >= 400 or network error), p50/p99 latency of that window, the RSS of every
 * stack process (pids from `reos status --json`, VmRSS from /proc) and the SSE events received.
 *
 * Memory verdict: for each process, RSS at the end (median of the last 3 samples) against RSS
 * after warm-up (median of the 3 samples from --warmup seconds on). Bound: +20% or +50 MB,
 * whichever is larger. Why: an API replica idles at ~100-150 MB; V8 sizes its heap lazily and
 * malloc arenas move by ~10% under steady load, so growth inside the bound is noise, while a leak
 * of even 10 KB per request (20 req/s over 4 minutes, ~2,400 requests per replica) crosses it.
 * The slope of RSS over the post-warm-up samples (MB/min) is printed too, as the trend to read.
 *
 * Always tears down (`reos down`, the database dropped, the Redis keys deleted), on Ctrl-C too.
 * The numbers depend on the machine: on a shared host, read them next to the load average.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createParser } from 'eventsource-parser';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Agent, request } from 'undici';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '300' },
    rate: { type: 'string', default: '20' },
    sse: { type: 'string', default: '10' },
    replicas: { type: 'string', default: '2' },
    sample: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '60' },
    out: { type: 'string' },
  },
});
const DURATION_S = Number(args.duration);
const RATE = Number(args.rate);
const SSE_CLIENTS = Number(args.sse);
const REPLICAS = Number(args.replicas);
const SAMPLE_S = Number(args.sample);
const WARMUP_S = Math.min(Number(args.warmup), Math.max(0, DURATION_S - 3 * SAMPLE_S));
for (const [name, value] of Object.entries({ duration: DURATION_S, rate: RATE, sse: SSE_CLIENTS, replicas: REPLICAS, sample: SAMPLE_S })) {
  if (!Number.isFinite(value) || value < (name === 'sse' ? 0 : 1)) {
    console.error(`--${name} must be a number${name === 'sse' ? '' : ' of at least 1'}, got ${args[name]}`);
    process.exit(2);
  }
}
const PG_ADMIN = process.env.REOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const USER_LIMIT_PER_MIN = 600;
const MB = 1024 * 1024;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);
const log = (message) => process.stderr.write(`[soak] ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Set-up and tear-down

const suffix = crypto.randomBytes(4).toString('hex');
const dbName = `reos_soak_${process.pid}_${suffix}`;
const keyPrefix = `reos-soak:${suffix}:`;
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-soak-'));
let dbCreated = false;
/** `reos up`, once started: tear-down waits for it, so a Ctrl-C during start-up still stops what it started. */
let starting;
let tearingDown;

async function admin(sql) {
  const client = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The CLI's environment: ours without the variables that would point it elsewhere. */
function reosEnv(extra) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|REDIS_URL|REDIS_KEY_PREFIX|PORT|REOS_.*|RATE_LIMIT_.*)$/.test(name)) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', LOG_LEVEL: 'warn', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', ...extra };
}

function reos(argv, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/run.js'), ...argv], { cwd, env: reosEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function teardown() {
  tearingDown ??= (async () => {
    if (starting) {
      await starting;
      const down = await reos(['down', '--timeout', '10']);
      log(down.code === 0 ? 'reos down: stopped' : `reos down exited ${down.code}: ${down.stderr.trim()}`);
    }
    if (dbCreated) {
      await admin(`drop database if exists ${dbName} with (force)`).then(
        () => log(`dropped database ${dbName}`),
        (error) => log(`could not drop database ${dbName}: ${error.message}`),
      );
    }
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } catch (error) {
      log(`could not delete the Redis keys ${keyPrefix}*: ${error.message}`);
    } finally {
      redis.disconnect();
    }
    fs.rmSync(cwd, { recursive: true, force: true });
  })();
  return tearingDown;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: tearing down`);
    teardown().finally(() => process.exit(130));
  });
}

async function freeConsecutivePorts(count) {
  const listen = (port) =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const bound = server.address().port;
        server.close(() => resolve(bound));
      });
    });
  for (;;) {
    const base = await listen(0);
    if (!base || base + count > 65_535) continue;
    let ok = true;
    for (let i = 1; i < count && ok; i++) ok = (await listen(base + i)) !== undefined;
    if (ok) return base;
  }
}

function rssBytes(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return NaN; // gone
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
const sseAgent = new Agent({ connections: SSE_CLIENTS + 4, bodyTimeout: 0, headersTimeout: 30_000 });

async function call(base, method, pathname, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`${base}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), dispatcher: agent });
  const text = await res.body.text();
  return { status: res.statusCode, json: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : undefined };
}

async function expectOk(base, method, pathname, options, statuses = [200, 201]) {
  const res = await call(base, method, pathname, options);
  if (!statuses.includes(res.status)) throw new Error(`${method} ${pathname} on ${base}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

// ---------------------------------------------------------------------------------------------
// The run

const ZIPS = ['94102', '10001', '60601', '73301', '98101'];
const STATES = ['CA', 'NY', 'IL', 'TX', 'WA'];
const newProperty = (n) => ({ address: `${n} Soak Street`, city: 'Testville', state: STATES[n % 5], zip: ZIPS[n % 5], price: 100_000 + n, bedrooms: 1 + (n % 5) });

async function main() {
  const started = new Date();
  await admin(`create database ${dbName}`);
  dbCreated = true;
  const url = new URL(PG_ADMIN);
  url.pathname = `/${dbName}`;
  const base = await freeConsecutivePorts(REPLICAS);
  log(`starting ${REPLICAS} replicas on ${base}..${base + REPLICAS - 1} (database ${dbName}, Redis prefix ${keyPrefix})`);
  starting = reos(['up', '--services', '--replicas', String(REPLICAS), '--port', String(base), '--detach', '--timeout', '180', '--json'], {
    DATABASE_URL: url.toString(),
    REDIS_URL,
    REDIS_KEY_PREFIX: keyPrefix,
  });
  const up = await starting;
  if (up.code !== 0) throw new Error(`reos up exited ${up.code}: ${up.stderr}`);
  const status = await reos(['status', '--json']);
  const components = JSON.parse(status.stdout).components.filter((c) => Number.isInteger(c.pid));
  const apis = Array.from({ length: REPLICAS }, (_, i) => `http://127.0.0.1:${base + i}`);
  log(`up: ${components.map((c) => `${c.name} pid ${c.pid}`).join(', ')}`);

  // Users: enough that each stays well under the per-user limit (at 80% of it).
  const userCount = Math.max(2, Math.ceil((RATE * 60) / (USER_LIMIT_PER_MIN * 0.8)));
  const users = [];
  for (let i = 0; i < userCount; i++) {
    const api = apis[i % REPLICAS];
    const email = `soak-${suffix}-${i}@example.test`;
    await expectOk(api, 'POST', '/auth/register', { body: { email, password: 'Soak-pass-123!', name: `Soak ${i}` } });
    const { access_token: token } = await expectOk(api, 'POST', '/auth/login', { body: { email, password: 'Soak-pass-123!' } });
    const properties = [];
    for (let p = 0; p < 5; p++) properties.push((await expectOk(api, 'POST', '/properties', { token, body: newProperty(p) })).id);
    users.push({ email, token, properties, writes: 0 });
  }

  // SSE clients, spread over users (teams) and replicas, connected for the whole run.
  const streams = [];
  for (let i = 0; i < SSE_CLIENTS; i++) {
    const user = users[i % users.length];
    const api = apis[i % REPLICAS];
    const { token } = await expectOk(api, 'GET', '/sse/token', { token: user.token });
    const stream = { user, api, events: 0, disconnects: 0, controller: new AbortController() };
    const parser = createParser({ onEvent: (event) => event.event && (stream.events += 1) });
    const res = await request(`${api}/sse/stream?token=${encodeURIComponent(token)}`, { dispatcher: sseAgent, signal: stream.controller.signal });
    if (res.statusCode !== 200) throw new Error(`SSE stream on ${api}: ${res.statusCode}`);
    stream.done = (async () => {
      try {
        for await (const chunk of res.body) parser.feed(chunk.toString('utf8'));
      } catch {
        // aborted at the end, or dropped: counted below
      }
      if (!stream.controller.signal.aborted) stream.disconnects += 1;
    })();
    streams.push(stream);
  }
  const writesBeforeLoad = users.map((u) => u.writes);
  log(`${users.length} users, ${streams.length} SSE streams; load: ${RATE} req/s for ${DURATION_S} s`);

  // The load: open loop at a fixed rate.
  const ops = [
    [35, 'get'],
    [15, 'list'],
    [10, 'leads'],
    [15, 'create'],
    [10, 'patch'],
    [15, 'lead'],
  ];
  const totalWeight = ops.reduce((sum, [w]) => sum + w, 0);
  const pickOp = (n) => {
    let x = (n * 7919) % totalWeight; // deterministic, evenly spread
    for (const [w, op] of ops) if ((x -= w) < 0) return op;
    return 'get';
  };
  let sent = 0;
  let inflight = 0;
  let window = { count: 0, errors: 0, latencies: [], statuses: {} };
  const totals = { count: 0, errors: 0, statuses: {} };
  let counter = 1000;

  async function one(n) {
    const user = users[n % users.length];
    const api = apis[Math.floor(n / users.length) % REPLICAS];
    const op = pickOp(n);
    const id = user.properties[(n * 31) % user.properties.length];
    const began = performance.now();
    let status;
    try {
      let res;
      if (op === 'get') res = await call(api, 'GET', `/properties/${id}`, { token: user.token });
      else if (op === 'list') res = await call(api, 'GET', '/properties?limit=20', { token: user.token });
      else if (op === 'leads') res = await call(api, 'GET', '/leads?limit=20', { token: user.token });
      else if (op === 'create') {
        res = await call(api, 'POST', '/properties', { token: user.token, body: newProperty(counter++) });
        // Reads and updates spread over a bounded working set of recent properties.
        if (res.status === 201) {
          if (user.properties.length < 50) user.properties.push(res.json.id);
          else user.properties[(n >> 3) % 50] = res.json.id;
        }
      } else if (op === 'patch') res = await call(api, 'PATCH', `/properties/${id}`, { token: user.token, body: { price: 200_000 + (n % 1000), description: `soak ${n}` } });
      else res = await call(api, 'POST', '/leads', { token: user.token, body: { name: `Lead ${n}`, email: `lead-${n}@example.test`, source: 'soak', property_id: id } });
      status = res.status;
      if (status < 300 && op !== 'get' && op !== 'list' && op !== 'leads') user.writes += 1;
    } catch (error) {
      status = error.code ?? 'error';
    }
    const ms = performance.now() - began;
    window.count += 1;
    window.latencies.push(ms);
    window.statuses[status] = (window.statuses[status] ?? 0) + 1;
    if (typeof status !== 'number' || status >= 400) window.errors += 1;
  }

  const samples = [];
  const t0 = performance.now();
  const pending = new Set();
  const ticker = setInterval(() => {
    const due = Math.floor(((performance.now() - t0) / 1000) * RATE);
    while (sent < due && !interrupted) {
      const n = sent++;
      inflight += 1;
      const p = one(n).finally(() => {
        inflight -= 1;
        pending.delete(p);
      });
      pending.add(p);
    }
  }, 5);

  const takeSample = (t) => {
    const lat = window.latencies.sort((a, b) => a - b);
    const rss = Object.fromEntries(components.map((c) => [c.name, rssBytes(c.pid)]));
    const sample = {
      t: Math.round(t),
      requests: window.count,
      errors: window.errors,
      error_rate: window.count ? window.errors / window.count : 0,
      p50_ms: Math.round(quantile(lat, 0.5) * 10) / 10,
      p99_ms: Math.round(quantile(lat, 0.99) * 10) / 10,
      inflight,
      statuses: window.statuses,
      sse_events: streams.reduce((sum, s) => sum + s.events, 0),
      load_avg_1m: Math.round(os.loadavg()[0] * 100) / 100,
      rss,
    };
    totals.count += window.count;
    totals.errors += window.errors;
    for (const [k, v] of Object.entries(window.statuses)) totals.statuses[k] = (totals.statuses[k] ?? 0) + v;
    window = { count: 0, errors: 0, latencies: [], statuses: {} };
    samples.push(sample);
    printRow(sample, components);
  };

  printHeader(components);
  for (let k = 1; k * SAMPLE_S <= DURATION_S && !interrupted; k++) {
    const wait = t0 + k * SAMPLE_S * 1000 - performance.now();
    if (wait > 0) await sleep(wait);
    takeSample(k * SAMPLE_S);
  }
  clearInterval(ticker);
  await Promise.race([Promise.allSettled([...pending]), sleep(30_000)]);
  if (window.count) takeSample((performance.now() - t0) / 1000);
  await sleep(3_000); // the last events reach the streams
  for (const s of streams) s.controller.abort();
  await Promise.allSettled(streams.map((s) => s.done));

  // SSE: every stream should have seen each write to its team during the run.
  const sse = streams.map((s) => {
    const expected = s.user.writes - writesBeforeLoad[users.indexOf(s.user)];
    return { replica: s.api, team_of: s.user.email, events: s.events, team_writes: expected, disconnects: s.disconnects };
  });

  const memory = memoryVerdict(samples, components);
  const result = {
    bench: 'soak',
    started_at: started.toISOString(),
    host: { cpus: os.cpus().length, load_avg_at_end: os.loadavg(), node: process.version },
    options: { duration_s: DURATION_S, rate_per_s: RATE, sse_clients: SSE_CLIENTS, replicas: REPLICAS, sample_s: SAMPLE_S, warmup_s: WARMUP_S, users: users.length },
    components: components.map(({ name, pid }) => ({ name, pid })),
    totals: { requests: totals.count, sent, errors: totals.errors, error_rate: totals.count ? totals.errors / totals.count : 0, statuses: totals.statuses },
    sse,
    samples,
    memory,
  };
  const file = args.out ?? path.join(root, 'bench', 'results', `soak-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  console.log(`\nTotals: ${totals.count} requests (${sent} sent), ${totals.errors} errors (${(100 * result.totals.error_rate).toFixed(2)}%), statuses ${JSON.stringify(totals.statuses)}`);
  const received = sse.reduce((sum, s) => sum + s.events, 0);
  const expected = sse.reduce((sum, s) => sum + s.team_writes, 0);
  console.log(`SSE: ${sse.length} streams held ${DURATION_S} s, ${received} events received for ${expected} writes to their teams, ${sse.reduce((n, s) => n + s.disconnects, 0)} disconnects`);
  console.log(`\nMemory (bound: end <= warm-up + max(20%, 50 MB); warm-up = median of the 3 samples from ${WARMUP_S} s, end = median of the last 3):`);
  for (const m of memory.processes) {
    console.log(
      `  ${m.name.padEnd(10)} ${fmtMb(m.warmup_rss)} -> ${fmtMb(m.end_rss)} (${m.growth_mb >= 0 ? '+' : ''}${m.growth_mb.toFixed(1)} MB, ${(100 * m.growth_ratio).toFixed(1)}%; slope ${m.slope_mb_per_min.toFixed(2)} MB/min) ${m.pass ? 'ok' : 'OVER THE BOUND'}`,
    );
  }
  console.log(`\nVerdict: memory ${memory.pass ? 'PASS' : 'FAIL'}; errors ${(100 * result.totals.error_rate).toFixed(2)}%. Results: ${path.relative(process.cwd(), file)}`);
  return memory.pass && result.totals.error_rate < 0.01;
}

function memoryVerdict(samples, components) {
  const fromWarmup = samples.filter((s) => s.t >= WARMUP_S);
  const processes = components.map(({ name }) => {
    const series = fromWarmup.map((s) => [s.t, s.rss[name]]).filter(([, v]) => Number.isFinite(v));
    const warmup = median(series.slice(0, 3).map(([, v]) => v));
    const end = median(series.slice(-3).map(([, v]) => v));
    const growth = end - warmup;
    const bound = Math.max(0.2 * warmup, 50 * MB);
    return {
      name,
      warmup_rss: warmup,
      end_rss: end,
      growth_mb: growth / MB,
      growth_ratio: growth / warmup,
      bound_mb: bound / MB,
      slope_mb_per_min: slope(series) * 60 / MB,
      pass: Number.isFinite(growth) && growth <= bound,
    };
  });
  return { bound: 'end <= warm-up + max(20%, 50 MB), per process', processes, pass: processes.every((p) => p.pass) };
}

/** Least-squares slope of [t seconds, bytes] points, in bytes per second. */
function slope(points) {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

const fmtMb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;

function printHeader(components) {
  const cols = ['t (s)', 'requests', 'err %', 'p50 ms', 'p99 ms', 'sse ev', 'load', ...components.map((c) => `${c.name} MB`)];
  console.log(cols.map((c) => c.padStart(11)).join(''));
}

function printRow(s, components) {
  const cells = [s.t, s.requests, (100 * s.error_rate).toFixed(2), s.p50_ms, s.p99_ms, s.sse_events, s.load_avg_1m, ...components.map((c) => (s.rss[c.name] / MB).toFixed(1))];
  console.log(cells.map((c) => String(c).padStart(11)).join(''));
}

let ok = false;
try {
  ok = await main();
} catch (error) {
  if (!interrupted) console.error(`[soak] failed: ${error.stack ?? error}`);
} finally {
  if (!interrupted) {
    await teardown();
    await agent.close().catch(() => undefined);
    await sseAgent.destroy().catch(() => undefined);
    process.exit(ok ? 0 : 1);
  }
}
