#!/usr/bin/env node
/**
 * verify-peers benchmark (issue 4). Not a test: prints a table and writes bench/results/*.json.
 *
 *   npm run build && node bench/verify-peers.mjs [--runs 10] [--warmup 1] [--no-startup] [--no-peers]
 *                                                [--baseline <another built reos checkout>]
 *
 * The same 10-request flow (log in, create a property, read it, patch it, read it back, list,
 * a 404, three more reads; fixtures in bench/verify-peers/) run as a whole process by
 *   - reos        `node bin/run.js verify --target URL --scenarios flow.reos.yaml --out <tmp>`
 *                 (writes its evidence pack and zip every run: that is part of its work); once
 *                 with a reos cache folder the warm-up filled (the compiled scenario validator
 *                 is there), once with an empty one every run (a machine's first run),
 *   - Step CI     `stepci run flow.stepci.yml` (analytics off, config in a temporary folder),
 *   - Newman      `newman run flow.postman_collection.json`,
 *   - plain       `node flow-undici.mjs URL`, the floor every ratio is taken against,
 * against one small in-memory server (bench/verify-peers/server.mjs) started once on a free
 * port. Every round runs each runner once, in an order rotated per round, so machine noise
 * hits all of them alike. Unless --no-startup, each tool's start-up alone (`--version`) and an
 * empty `node -e ''` are timed in the same rounds. --baseline adds the same reos rows for another
 * built checkout (e.g. `git archive <commit>` unpacked, node_modules linked, built), for a
 * before/after comparison under the same noise.
 *
 * Besides wall time, each run's CPU time (user + sys of the process and its children, from the
 * POSIX shell's `times`, the command being run under `sh -c`) is reported: it moves much less
 * than wall time when other work shares the machine. --no-peers leaves out Step CI and Newman
 * (a quicker reos-vs-floor run).
 *
 * Step CI and Newman are installed on first use, pinned, under bench/.peers/ (not the
 * project's dependencies).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(root, 'bench/verify-peers');
const peersDir = path.join(root, 'bench/.peers');
const PEERS = { stepci: '2.8.2', newman: '6.2.2' };

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
    'no-startup': { type: 'boolean', default: false },
    'no-peers': { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) {
  console.error('--runs must be an integer >= 1 and --warmup >= 0');
  process.exit(2);
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** Installs the pinned peers under bench/.peers/ unless they are there already. */
function ensurePeers() {
  if (args['no-peers']) return;
  const installed = (name) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(peersDir, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  if (Object.entries(PEERS).every(([name, version]) => installed(name) === version)) return;
  const specs = Object.entries(PEERS).map(([name, version]) => `${name}@${version}`);
  console.log(`installing ${specs.join(', ')} into bench/.peers/ ...`);
  fs.mkdirSync(peersDir, { recursive: true });
  // --no-save: no package.json beside node_modules/, nothing there for git to pick up.
  execFileSync('npm', ['install', '--prefix', peersDir, '--no-save', '--no-audit', '--no-fund', '--loglevel', 'error', ...specs], { stdio: 'inherit' });
}

/** Starts the fixture server as a child process; resolves once it prints its port. */
function startServer() {
  const child = spawn(process.execPath, [path.join(fixtures, 'server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the fixture server exited with ${code}`)));
    child.stdout.once('data', (chunk) => {
      const { port } = JSON.parse(String(chunk));
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () => new Promise((done) => {
          child.removeAllListeners('exit');
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

/**
 * Runs one command to completion; resolves with its wall time and CPU time (user + sys of the
 * command and its children) in ms, throws on a non-zero exit. The command runs under `sh -c` so
 * the shell's `times` can report the CPU time on a separate pipe (fd 3).
 */
function timeProcess(runner) {
  // A runner marked `coldCache` gets an empty reos cache folder every run: reos's first run on a machine.
  const env = runner.coldCache ? { ...runner.env, REOS_CACHE_DIR: fs.mkdtempSync(path.join(runner.coldCache, 'run-')) } : runner.env;
  const script = '"$@"; status=$?; times >&3; exit $status';
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn('/bin/sh', ['-c', script, 'sh', ...runner.argv], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let output = '';
    let times = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.stdio[3].on('data', (d) => (times += d));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - began;
      if (code === 0) resolve({ ms, cpuMs: childrenCpuMs(times) });
      else reject(new Error(`${runner.name} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** The children's user + sys time from `times` output (its second line: "0m0.350s 0m0.040s"). */
function childrenCpuMs(text) {
  const line = text.trim().split('\n')[1] ?? '';
  const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(([, m, s]) => Number(m) * 60 + Number(s));
  return seconds.length === 2 ? (seconds[0] + seconds[1]) * 1000 : NaN;
}

/** The reos rows for one checkout: verify with a warm cache, verify with a cold one, --version. */
function reosRunners(checkout, label, url, tmp) {
  // reos keeps its compiled scenario validator in its cache folder; the warm-up round fills this one.
  const env = { ...process.env, REOS_CACHE_DIR: fs.mkdtempSync(path.join(tmp, 'reos-cache-')) };
  const bin = [process.execPath, path.join(checkout, 'bin/run.js')];
  const verify = [...bin, 'verify', '--target', url, '--scenarios', path.join(fixtures, 'flow.reos.yaml'), '--out', path.join(tmp, 'evidence')];
  return {
    flows: [
      { name: `reos verify${label}`, kind: 'flow', argv: verify, env },
      { name: `reos verify, cold cache${label}`, kind: 'flow', argv: verify, env, coldCache: fs.mkdtempSync(path.join(tmp, 'cold-')) },
    ],
    startups: [{ name: `reos --version${label}`, kind: 'start-up', argv: [...bin, '--version'], env }],
  };
}

function runners(url, tmp) {
  const bin = (pkg, file) => path.join(peersDir, 'node_modules', pkg, file);
  const stepciEnv = { ...process.env, STEPCI_DISABLE_ANALYTICS: '1', XDG_CONFIG_HOME: path.join(tmp, 'xdg') };
  const stepci = [process.execPath, bin('stepci', 'dist/index.js')];
  const newman = [process.execPath, bin('newman', 'bin/newman.js')];
  const reos = reosRunners(root, '', url, tmp);
  const baseline = args.baseline ? reosRunners(path.resolve(args.baseline), ' (baseline)', url, tmp) : { flows: [], startups: [] };
  const flows = [
    ...reos.flows,
    ...baseline.flows,
    ...(args['no-peers'] ? [] : [
    { name: 'Step CI', kind: 'flow', argv: [...stepci, 'run', path.join(fixtures, 'flow.stepci.yml'), '--env', `host=${url}`], env: stepciEnv },
    { name: 'Newman', kind: 'flow', argv: [...newman, 'run', path.join(fixtures, 'flow.postman_collection.json'), '--env-var', `baseUrl=${url}`] },
    ]),
    { name: 'plain undici', kind: 'flow', argv: [process.execPath, path.join(fixtures, 'flow-undici.mjs'), url] },
  ];
  const startups = [
    ...reos.startups,
    ...baseline.startups,
    ...(args['no-peers'] ? [] : [
      { name: 'Step CI --version', kind: 'start-up', argv: [...stepci, '--version'], env: stepciEnv },
      { name: 'Newman --version', kind: 'start-up', argv: [...newman, '--version'] },
    ]),
    { name: "node -e ''", kind: 'start-up', argv: [process.execPath, '-e', ''] },
  ];
  return [...flows, ...(args['no-startup'] ? [] : startups)].map((r) => ({ env: process.env, ...r, ms: [], cpuMs: [], warmupMs: [] }));
}

function table(list) {
  const plain = list.find((r) => r.name === 'plain undici');
  const floor = median(plain.ms);
  const cpuFloor = median(plain.cpuMs);
  return list.map((r) => ({
    runner: r.name,
    kind: r.kind,
    median_ms: Math.round(median(r.ms)),
    min_ms: Math.round(Math.min(...r.ms)),
    p90_ms: Math.round(quantile(r.ms, 0.9)),
    vs_plain: `${(median(r.ms) / floor).toFixed(2)}x`,
    cpu_median_ms: Math.round(median(r.cpuMs)),
    cpu_vs_plain: `${(median(r.cpuMs) / cpuFloor).toFixed(2)}x`,
  }));
}

ensurePeers();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-verify-peers-'));
const server = await startServer();
const list = runners(server.url, tmp);
const started = new Date();
const load = { before: loadavg() };
console.log(`verify-peers: ${RUNS} runs (+${WARMUP} warm-up) of ${list.length} commands, ${os.cpus().length} cores, node ${process.version}, load average ${load.before.join(' ')}`);
try {
  for (let round = 0; round < WARMUP + RUNS; round++) {
    // Rotate the order each round so no runner always goes first (or right after the heaviest).
    const order = list.map((_, i) => list[(i + round) % list.length]);
    for (const runner of order) {
      const { ms, cpuMs } = await timeProcess(runner);
      if (round >= WARMUP) {
        runner.ms.push(ms);
        runner.cpuMs.push(cpuMs);
      } else runner.warmupMs.push(ms);
    }
    process.stdout.write(round < WARMUP ? 'w' : '.');
  }
} finally {
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
load.after = loadavg();
const rows = table(list);
console.log(`\n\nWhole-process wall time, ${RUNS} interleaved runs (load average before ${load.before.join(' ')}, after ${load.after.join(' ')}):`);
console.table(rows);
const reos = rows.find((r) => r.runner === 'reos verify');
console.log(`goal: reos verify <= 1.5x the plain script; now ${reos.vs_plain} (CPU time ${reos.cpu_vs_plain})`);

fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const out = path.join(root, 'bench/results', `verify-peers-${started.toISOString().replace(/[:.]/g, '-')}.json`);
const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: `${process.platform} ${process.arch}` };
const round1 = (xs) => xs.map((x) => Math.round(x * 10) / 10);
const samples = Object.fromEntries(list.map((r) => [r.name, { runs: round1(r.ms), cpu: round1(r.cpuMs), warmup: round1(r.warmupMs) }]));
fs.writeFileSync(out, `${JSON.stringify({ started, runs: RUNS, warmup: WARMUP, machine, peers: PEERS, loadavg: load, rows, samples_ms: samples }, null, 2)}\n`);
console.log(`written ${path.relative(process.cwd(), out)}`);
