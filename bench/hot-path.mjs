#!/usr/bin/env node
/**
 * The hot read, side by side with a baseline build (issue 2). Not a test: prints a table and
 * writes bench/results/hot-path-*.json.
 *
 *   git worktree add /tmp/reos-base <ref> && (cd /tmp/reos-base && npm ci && npm run build)
 *   node bench/hot-path.mjs --baseline /tmp/reos-base [--rounds 5] [--duration 8]
 *
 * Starts `reos up` on PostgreSQL from this checkout and from the baseline checkout (each on its
 * own new database), plus the Hono hello-world floor, then loads them in alternating rounds with
 * autocannon (50 connections, authenticated GET /properties/{id}) so that drift on a shared
 * machine hits both alike. Per round: req/s, p99 and the API process's CPU time per request
 * (user + system from /proc, so the load generator and PostgreSQL are not counted). Reports
 * medians and the ratios candidate / baseline. Without --baseline it measures this checkout only.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, json, median, startFloor } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
  },
});
const ROUNDS = Number(args.rounds);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const PG_ADMIN = process.env.REOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLK_TCK = 100; // /proc/<pid>/stat times are in clock ticks; 100 on Linux x86-64 and arm64

if (args.baseline && !fs.existsSync(path.join(args.baseline, 'bin/run.js'))) {
  console.error(`--baseline ${args.baseline}: no bin/run.js there. Check out the baseline ref and build it first (see the header of this file).`);
  process.exit(2);
}

/** utime + stime of a process (all its threads), in microseconds. */
function cpuMicros(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK;
}

async function waitReady(url, child, stderr) {
  const began = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr()}`);
    try {
      if ((await fetch(`${url}/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - began > 60_000) throw new Error(`not ready in 60 s: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `reos up` from `checkout` on a new PostgreSQL database, with one user and one property. */
async function startStack(label, checkout, admin) {
  const database = `reos_hot_${process.pid}_${label.replace(/\W/g, '_')}`;
  await admin.query(`create database ${database}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${database}`;
  const port = await freePort();
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-hot-'));
  // As bench/foundation.mjs: the limiter would answer most of the load with 429s (bench/limiter.mjs
  // measures it), and request lines are not written at warn.
  const env = { ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0', REOS_CACHE_DIR: path.join(cwd, 'cache') };
  const child = spawn(process.execPath, [path.join(checkout, 'bin/run.js'), 'up', '--port', String(port), '--log-level', 'warn', '--database-url', url.toString()], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base, child, () => stderr);
  await json(`${base}/auth/register`, 'POST', { email: 'hot@example.test', password: 'Bench-Pass-1', name: 'Hot' });
  const { access_token: token } = await json(`${base}/auth/login`, 'POST', { email: 'hot@example.test', password: 'Bench-Pass-1' });
  const property = await json(`${base}/properties`, 'POST', { address: '1 Bench Way', city: 'Bench', state: 'CA', zip: '90000' }, token);
  return {
    label,
    pid: child.pid,
    target: `${base}/properties/${property.id}`,
    headers: { authorization: `Bearer ${token}` },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      await admin.query(`drop database if exists ${database} with (force)`);
      fs.rmSync(cwd, { recursive: true, force: true });
    },
  };
}

async function startHonoFloor() {
  const floor = await startFloor('hono-hello.mjs');
  return { label: 'floor: Hono hello-world', pid: floor.pid, target: `${floor.url}/properties/constant`, headers: {}, stop: floor.stop };
}

function cannon(target, duration, connections) {
  return new Promise((resolve, reject) =>
    autocannon({ url: target.target, connections, duration, headers: target.headers }, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

async function round(target) {
  const before = cpuMicros(target.pid);
  const r = await cannon(target, DURATION, CONNECTIONS);
  const cpu = cpuMicros(target.pid) - before;
  const failed = r.non2xx + r.errors + r.timeouts;
  if (failed) throw new Error(`${target.label}: ${failed} of ${r.requests.total} requests failed`);
  return { rps: r.requests.average, p99: r.latency.p99, cpuPerRequest: cpu / r.requests.total };
}

const admin = new pg.Client({ connectionString: PG_ADMIN });
await admin.connect();
const targets = [];
try {
  targets.push(await startHonoFloor());
  targets.push(await startStack('candidate', root, admin));
  if (args.baseline) targets.push(await startStack('baseline', path.resolve(args.baseline), admin));
  for (const t of targets) await cannon(t, 2, 10); // JIT, pool connections, prepared statements
  const samples = new Map(targets.map((t) => [t.label, []]));
  console.log(`hot path: authenticated GET /properties/{id} on PostgreSQL — ${os.cpus().length} cores, node ${process.version}, ${ROUNDS} rounds x ${DURATION}s x ${CONNECTIONS} connections`);
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 ? [...targets].reverse() : targets;
    for (const t of order) {
      const s = await round(t);
      samples.get(t.label).push(s);
      console.log(`  round ${i + 1} ${t.label.padEnd(24)} ${Math.round(s.rps)} req/s  p99 ${s.p99} ms  ${Math.round(s.cpuPerRequest)} CPU-µs/request`);
    }
  }
  const summary = targets.map((t) => {
    const xs = samples.get(t.label);
    return { label: t.label, rps: Math.round(median(xs.map((s) => s.rps))), p99_ms: median(xs.map((s) => s.p99)), cpu_us_per_request: Math.round(median(xs.map((s) => s.cpuPerRequest))) };
  });
  const floor = summary[0];
  for (const row of summary) row.vs_hono = `${((row.rps / floor.rps) * 100).toFixed(1)}%`;
  console.log('\nmedians:');
  console.table(summary);
  const candidate = summary.find((r) => r.label === 'candidate');
  const baseline = summary.find((r) => r.label === 'baseline');
  if (baseline) {
    console.log(`candidate / baseline: ${(candidate.rps / baseline.rps).toFixed(2)}x req/s, ${(candidate.cpu_us_per_request / baseline.cpu_us_per_request).toFixed(2)}x CPU per request, p99 ${candidate.p99_ms} vs ${baseline.p99_ms} ms`);
  }
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const out = path.join(root, 'bench/results', `hot-path-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ rounds: ROUNDS, duration_s: DURATION, connections: CONNECTIONS, baseline: args.baseline, summary, samples: Object.fromEntries(samples) }, null, 2));
  console.log(`written ${path.relative(process.cwd(), out)}`);
} finally {
  for (const t of targets) await t.stop().catch(() => {});
  await admin.end();
}
