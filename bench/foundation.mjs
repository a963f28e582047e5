#!/usr/bin/env node
/**
 * Foundation benchmark (issue 2). Not a test: prints a table and writes bench/results/*.json.
 *
 *   npm run build && node bench/foundation.mjs [--duration 10] [--connections 50] [--skip-postgres]
 *
 * 1. Start-up: spawn `reos up` and time until GET /ready answers 200, for
 *    - first ever   (new data dir, empty PGlite template cache: initdb + migrations),
 *    - cold         (new data dir, template cache present),
 *    - warm         (existing data dir),
 *    - ephemeral    (in memory, template cache present).
 * 2. Throughput: authenticated GET /properties/{id} with autocannon at 50 connections against
 *    `reos up` on PGlite and on PostgreSQL, side by side with three floors answering a constant:
 *    a bare node:http server, a Hono hello-world route, and the reos app itself (every
 *    middleware and the token check) with a route that skips the database. Same machine, same run.
 * 3. Idle RSS of `reos up` after start-up.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, json, median, sleep, startFloor } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'startup-runs': { type: 'string', default: '5' },
    'skip-postgres': { type: 'boolean', default: false },
    'skip-startup': { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const STARTUP_RUNS = Number(args['startup-runs']);
const PG_ADMIN = process.env.REOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function rssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

/** Spawns `reos up`, resolves when /ready is 200 with the elapsed ms. */
async function startReos({ dataDir, ephemeral, databaseUrl, cacheDir }) {
  const port = await freePort();
  const argv = [path.join(root, 'bin/run.js'), 'up', '--port', String(port), '--log-level', 'warn'];
  if (ephemeral) argv.push('--ephemeral');
  else if (dataDir) argv.push('--data-dir', dataDir);
  if (databaseUrl) argv.push('--database-url', databaseUrl);
  // The limiter would answer most of a 50-connection load with 429s; its cost is bench/limiter.mjs's subject.
  const env = { ...process.env, REOS_CACHE_DIR: cacheDir, LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0' };
  const began = performance.now();
  const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`reos up exited ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - began > 60_000) throw new Error(`reos up not ready in 60 s: ${stderr}`);
    await sleep(10);
  }
  const readyMs = performance.now() - began;
  return {
    url,
    readyMs,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}

/** Registers a user, logs in, creates a property; returns the GET path and token. */
async function seedProperty(url) {
  const email = `bench-${Date.now()}-${Math.random().toString(16).slice(2)}@example.test`;
  await json(`${url}/auth/register`, 'POST', { email, password: 'Bench-Pass-1', name: 'Bench' });
  const { access_token } = await json(`${url}/auth/login`, 'POST', { email, password: 'Bench-Pass-1' });
  const property = await json(`${url}/properties`, 'POST', { address: '1 Bench Way', city: 'Bench', state: 'CA', zip: '90000' }, access_token);
  return { path: `/properties/${property.id}`, token: access_token };
}

function load(url, path, token) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: url + path, connections: CONNECTIONS, duration: DURATION, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function measureLoad(label, target, path, token) {
  await new Promise((resolve, reject) => autocannon({ url: target.url + path, connections: 10, duration: 2, headers: token ? { authorization: `Bearer ${token}` } : {} }, (e) => (e ? reject(e) : resolve())));
  const r = await load(target.url, path, token);
  const non2xx = r.non2xx + r.errors + r.timeouts;
  return { label, rps: Math.round(r.requests.average), p50_ms: r.latency.p50, p99_ms: r.latency.p99, errors: non2xx, rss_mb: Math.round(rssKb(target.pid) / 1024) };
}

async function startupSuite() {
  const rows = [];
  const runs = { 'first ever (no template cache)': [], 'cold (new data dir)': [], 'warm (existing data dir)': [], 'ephemeral (in memory)': [] };
  let idleRss = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-'));
    const emptyCache = path.join(tmp, 'cache-empty');
    const cache = path.join(tmp, 'cache');
    let s = await startReos({ dataDir: path.join(tmp, 'first'), cacheDir: emptyCache });
    runs['first ever (no template cache)'].push(s.readyMs);
    await s.stop();
    fs.cpSync(emptyCache, cache, { recursive: true });
    s = await startReos({ dataDir: path.join(tmp, 'cold'), cacheDir: cache });
    runs['cold (new data dir)'].push(s.readyMs);
    await s.stop();
    s = await startReos({ dataDir: path.join(tmp, 'cold'), cacheDir: cache });
    runs['warm (existing data dir)'].push(s.readyMs);
    await sleep(1000);
    idleRss.push(rssKb(s.pid) / 1024);
    await s.stop();
    s = await startReos({ ephemeral: true, cacheDir: cache });
    runs['ephemeral (in memory)'].push(s.readyMs);
    await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const [label, xs] of Object.entries(runs)) rows.push({ label, median_ms: Math.round(median(xs)), min_ms: Math.round(Math.min(...xs)), max_ms: Math.round(Math.max(...xs)), runs: xs.length });
  return { rows, idleRssMb: Math.round(median(idleRss)) };
}

async function throughputSuite() {
  const rows = [];
  for (const [label, file, path] of [
    ['floor: node:http constant', 'node-http.mjs', '/properties/constant'],
    ['floor: Hono hello-world', 'hono-hello.mjs', '/properties/constant'],
    ['floor: reos middleware, no DB', 'reos-chain.mjs', '/chain/constant'],
  ]) {
    const floor = await startFloor(file);
    rows.push(await measureLoad(label, floor, path, floor.token));
    await floor.stop();
  }
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-cache-'));
  const pgliteStack = await startReos({ ephemeral: true, cacheDir: cache });
  const seeded = await seedProperty(pgliteStack.url);
  rows.push(await measureLoad('reos up (PGlite, in memory)', pgliteStack, seeded.path, seeded.token));
  await pgliteStack.stop();
  if (!args['skip-postgres']) {
    const name = `reos_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    try {
      const pgStack = await startReos({ databaseUrl: url.toString(), cacheDir: cache });
      const s = await seedProperty(pgStack.url);
      rows.push(await measureLoad('reos up (PostgreSQL 15)', pgStack, s.path, s.token));
      await pgStack.stop();
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  fs.rmSync(cache, { recursive: true, force: true });
  const hono = rows.find((r) => r.label.includes('Hono'));
  for (const r of rows) r.vs_hono = `${Math.round((r.rps / hono.rps) * 100)}%`;
  return rows;
}

const started = new Date();
console.log(`reos foundation benchmark — ${os.cpus().length} cores, node ${process.version}, ${DURATION}s x ${CONNECTIONS} connections\n`);
const startup = args['skip-startup'] ? undefined : await startupSuite();
if (startup) {
  console.log('Start-up to /ready 200 (median of', STARTUP_RUNS, 'runs):');
  console.table(startup.rows);
  console.log(`Idle RSS of reos up (warm, PGlite): ${startup.idleRssMb} MB\n`);
}
const throughput = await throughputSuite();
console.log('Authenticated GET /properties/{id} (floors answer a constant):');
console.table(throughput);
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const out = path.join(root, 'bench/results', `foundation-${started.toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ started, duration_s: DURATION, connections: CONNECTIONS, startup, throughput }, null, 2));
console.log(`\nwritten ${path.relative(process.cwd(), out)}`);
