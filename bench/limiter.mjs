#!/usr/bin/env node
/**
 * Rate-limiter overhead benchmark (Hardening issue). Not a test: prints a table and writes
 * bench/results/limiter-*.json.
 *
 *   node --import tsx bench/limiter.mjs [--duration 5] [--rounds 6] [--connections 50] [--redis-url redis://127.0.0.1:6379]
 *
 * Three in-process stacks (startStack, ephemeral PGlite, logs silent), identical but for the
 * limiter: off (RATE_LIMIT_ENABLED=false), in memory, and Redis (REDIS_URL, a unique key prefix
 * deleted afterwards). Budgets are set so high that nothing is refused: the run measures the
 * cost of counting, not of refusing. autocannon runs in a child process, so the load generator
 * shares neither the servers' event loop nor their CPU account. Rounds are interleaved and the
 * order of the modes rotates from round to round, so each mode takes each position equally
 * often (the run right after a switch tends to be slower). The tables show medians.
 *
 * Two measures per run: throughput (requests/s), and the servers' CPU time per request
 * (process.cpuUsage around the run, divided by the requests answered). On a shared, loaded
 * machine throughput swings with the neighbours by more than the effect being measured; CPU
 * time per request counts only this process's own work, so it is the steadier measure of what
 * the limiter adds. For a CPU-bound server the throughput it costs is 1 - cpu_off / cpu_mode.
 *
 * A third table isolates the limiter from sockets and neighbours' noise: the same stacks'
 * apps driven by `app.request()` in a tight sequential loop (no HTTP), CPU microseconds per
 * request, median of the rounds. With Redis this loop also waits one round trip per request.
 *
 * Routes: GET /properties/{id} with a bearer token (the goal: <= 3 % loss in memory, <= 10 %
 * with Redis), and GET /livez with the same token, which touches no database and so shows the
 * limiter's cost (token check + counter) at its most visible.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadStackConfig } from '../stack/config.ts';
import { closeRedisClients } from '../stack/lib/redis.ts';
import { startStack } from '../stack/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '6' },
    connections: { type: 'string', default: '50' },
    'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});
const DURATION = Number(args.duration);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const REDIS_URL = args['redis-url'];
const PREFIX = `reos-bench:limiter:${crypto.randomBytes(4).toString('hex')}:`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const NOTHING_REFUSED = { RATE_LIMIT_DEFAULT: '999999999/60', RATE_LIMIT_USER: '999999999/60', RATE_LIMIT_AUTH_STRICT: '1000/60', RATE_LIMIT_LOGIN: '1000/60' };
const MODES = {
  off: { RATE_LIMIT_ENABLED: 'false' },
  memory: { ...NOTHING_REFUSED },
  redis: { ...NOTHING_REFUSED, REDIS_URL, REDIS_KEY_PREFIX: PREFIX },
};

async function json(url, method, body, token) {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} -> ${res.status} ${text}`);
  return JSON.parse(text);
}

async function start(mode) {
  const config = { ...loadStackConfig({ LOG_LEVEL: 'silent', ...MODES[mode] }, 'bench'), ephemeral: true, port: 0 };
  const stack = await startStack({ config });
  const email = `bench-${mode}@example.test`;
  await json(`${stack.url}/auth/register`, 'POST', { email, password: 'Bench-Pass-1', name: 'Bench' });
  const { access_token: token } = await json(`${stack.url}/auth/login`, 'POST', { email, password: 'Bench-Pass-1' });
  const property = await json(`${stack.url}/properties`, 'POST', { address: '1 Bench Way', city: 'Bench', state: 'CA', zip: '90000' }, token);
  return {
    mode,
    url: stack.url,
    app: stack.app,
    token,
    routes: { 'GET /properties/{id}': `/properties/${property.id}`, 'GET /livez': '/livez' },
    async close() {
      await stack.close();
      await closeRedisClients(config);
    },
  };
}

const AUTOCANNON = path.join(root, 'node_modules/autocannon/autocannon.js');

/** One autocannon run in a child process; resolves with its JSON result and this process's CPU time. */
function fire(target, route, duration) {
  const argv = [AUTOCANNON, '--json', '-c', String(CONNECTIONS), '-d', String(duration), '-H', `authorization=Bearer ${target.token}`, target.url + target.routes[route]];
  const cpuBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const cpu = process.cpuUsage(cpuBefore);
      resolve({ ...JSON.parse(stdout), cpuUs: cpu.user + cpu.system });
    });
  });
}

/** CPU microseconds per request for `count` sequential app.request() calls: no sockets involved. */
async function inProcess(target, route, count) {
  const headers = { authorization: `Bearer ${target.token}` };
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const res = await target.app.request(target.routes[route], { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${target.mode} ${route}: in-process request answered ${res.status}`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return (cpu.user + cpu.system) / count;
}

async function deleteBenchKeys() {
  const admin = new Redis(REDIS_URL);
  let deleted = 0;
  for await (const keys of admin.scanStream({ match: `${PREFIX}*`, count: 500 })) {
    if (keys.length) deleted += await admin.del(...keys);
  }
  await admin.quit();
  return deleted;
}

const targets = [];
try {
  for (const mode of Object.keys(MODES)) targets.push(await start(mode));
  const routes = Object.keys(targets[0].routes);
  const samples = Object.fromEntries(routes.map((r) => [r, Object.fromEntries(targets.map((t) => [t.mode, []]))]));
  for (const target of targets) for (const route of routes) await fire(target, route, 2); // warm-up: JIT, pools, Redis scripts
  for (let round = 1; round <= ROUNDS; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    for (const route of routes) {
      for (const target of order) {
        await sleep(300);
        const r = await fire(target, route, DURATION);
        const refused = r.non2xx + r.errors + r.timeouts;
        if (refused) throw new Error(`${target.mode} ${route}: ${refused} requests were not 2xx; the run is not measuring what it claims`);
        samples[route][target.mode].push({ rps: r.requests.average, cpuUs: r.cpuUs / r.requests.total, p50: r.latency.p50, p99: r.latency.p99 });
      }
    }
    process.stderr.write(`round ${round}/${ROUNDS} done\n`);
  }

  const rows = [];
  for (const route of routes) {
    const offRps = median(samples[route].off.map((s) => s.rps));
    const offCpu = median(samples[route].off.map((s) => s.cpuUs));
    for (const mode of Object.keys(MODES)) {
      const s = samples[route][mode];
      const rps = median(s.map((x) => x.rps));
      const cpuUs = median(s.map((x) => x.cpuUs));
      rows.push({
        route,
        mode,
        median_rps: Math.round(rps),
        ratio_vs_off: Number((rps / offRps).toFixed(3)),
        loss_pct: Number(((1 - rps / offRps) * 100).toFixed(1)),
        cpu_us_per_req: Math.round(cpuUs),
        cpu_ratio_vs_off: Number((cpuUs / offCpu).toFixed(3)),
        cpu_bound_loss_pct: Number(((1 - offCpu / cpuUs) * 100).toFixed(1)),
        p50_ms: median(s.map((x) => x.p50)),
        p99_ms: median(s.map((x) => x.p99)),
        rounds_rps: s.map((x) => Math.round(x.rps)),
      });
    }
  }
  console.table(rows.map(({ rounds_rps, ...row }) => row));

  const loops = Object.fromEntries(routes.map((r) => [r, Object.fromEntries(targets.map((t) => [t.mode, []]))]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const route of routes) {
      for (const target of targets.map((_, i) => targets[(i + round) % targets.length])) loops[route][target.mode].push(await inProcess(target, route, 3000));
    }
  }
  const inProcessRows = routes.flatMap((route) =>
    targets.map((t) => {
      const cpuUs = median(loops[route][t.mode]);
      return { route, mode: t.mode, cpu_us_per_req: Number(cpuUs.toFixed(1)), added_us_vs_off: Number((cpuUs - median(loops[route].off)).toFixed(1)) };
    }),
  );
  console.table(inProcessRows);
  const goals = rows
    .filter((r) => r.route === 'GET /properties/{id}' && r.mode !== 'off')
    .map((r) => {
      const goal = r.mode === 'memory' ? 3 : 10;
      return { mode: r.mode, goal_pct: goal, throughput_loss_pct: r.loss_pct, met_by_throughput: r.loss_pct <= goal, cpu_bound_loss_pct: r.cpu_bound_loss_pct, met_by_cpu: r.cpu_bound_loss_pct <= goal };
    });
  console.table(goals);

  const out = path.join(root, 'bench/results', `limiter-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version };
  fs.writeFileSync(out, JSON.stringify({ duration_s: DURATION, rounds: ROUNDS, connections: CONNECTIONS, machine, rows, goals, in_process: inProcessRows }, null, 2));
  console.log(`written: ${path.relative(root, out)}`);
} finally {
  for (const target of targets) await target.close();
  console.log(`redis keys deleted: ${await deleteBenchKeys().catch((e) => `not cleaned (${e.message})`)}`);
}
