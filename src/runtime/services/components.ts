/**
 * The processes of a services stack: N API replicas (`stack/main`) on consecutive ports and one
 * job worker (`stack/worker-main`, started only when that entry exists). Each is a plain node
 * process started with execa, configured by its environment, its stdout and stderr appended to
 * `<data dir>/logs/<name>.jsonl` so `reos logs --component api-2` reads it like any other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { EnvMap } from '../env.js';
import { packageRoot } from '../env.js';
import type { ServiceComponent } from '../lifecycle/state.js';

export interface ComponentSpec {
  name: string;
  kind: 'api' | 'worker';
  /** Node arguments before the script (`--import tsx` when running from sources). */
  nodeArgs: string[];
  entry: string;
  env: Record<string, string>;
  url?: string;
  port?: number;
  logFile: string;
}

export interface ServicesPlan {
  host: string;
  basePort: number;
  replicas: number;
  databaseUrl: string;
  redisUrl: string;
  logLevel: string;
  logDir: string;
  /** The effective environment (process, .env, .env.mock) the components inherit. */
  env: EnvMap;
}

/**
 * The script for `stack/<name>`: the built `dist/stack/<name>.js`, or, when reos itself runs
 * from its TypeScript sources (bin/dev.js), `stack/<name>.ts` through tsx. Undefined when absent.
 */
export function stackEntry(name: 'main' | 'worker-main'): { entry: string; nodeArgs: string[] } | undefined {
  const root = packageRoot();
  const fromSources = fileURLToPath(import.meta.url).endsWith('.ts');
  const source = path.join(root, 'stack', `${name}.ts`);
  if (fromSources && fs.existsSync(source)) return { entry: source, nodeArgs: ['--import', 'tsx'] };
  const built = path.join(root, 'dist', 'stack', `${name}.js`);
  return fs.existsSync(built) ? { entry: built, nodeArgs: [] } : undefined;
}

const defined = (env: EnvMap): Record<string, string> => Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

export function planComponents(plan: ServicesPlan): { specs: ComponentSpec[]; workerMissing: boolean } {
  const api = stackEntry('main');
  if (!api) throw new Error('dist/stack/main.js is missing: run `npm run build`.');
  const worker = stackEntry('worker-main');
  const shared = { ...defined(plan.env), DATABASE_URL: plan.databaseUrl, REDIS_URL: plan.redisUrl, LOG_LEVEL: plan.logLevel, REOS_MIGRATE: 'false' };
  // One mail catcher for the stack: api-1 runs it (MAIL_SMTP_PORT / MAIL_HTTP_PORT) and every other
  // process sends to it, unless SMTP_HOST names another server for all of them. With port 0 each
  // process keeps a catcher of its own, since the others could not know the port it gets.
  const catcherPort = plan.env.MAIL_SMTP_PORT || '1025';
  const relay: Record<string, string> = plan.env.SMTP_HOST || catcherPort === '0' ? {} : { SMTP_HOST: '127.0.0.1', SMTP_PORT: catcherPort };
  const urlHost = plan.host === '0.0.0.0' || plan.host === '::' ? '127.0.0.1' : plan.host;
  const specs: ComponentSpec[] = Array.from({ length: plan.replicas }, (_, i) => {
    const port = plan.basePort + i;
    const name = `api-${i + 1}`;
    return {
      name,
      kind: 'api',
      ...api,
      // One worker runs the jobs; the replicas only enqueue them.
      env: { ...shared, ...(i === 0 ? {} : relay), REOS_HOST: plan.host, REOS_PORT: String(port), ...(worker ? { JOBS_WORKER: 'off' } : {}) },
      url: `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`,
      port,
      logFile: path.join(plan.logDir, `${name}.jsonl`),
    };
  });
  if (worker) specs.push({ name: 'worker', kind: 'worker', ...worker, env: { ...shared, ...relay }, logFile: path.join(plan.logDir, 'worker.jsonl') });
  return { specs, workerMissing: !worker };
}

/**
 * Output straight to the log file's descriptor: no pipe through this process, so it may exit.
 * Always a process group of its own, so a terminal's Ctrl+C reaches only the supervisor, which
 * then stops each child once, gracefully (a second signal would make a child exit at once).
 * `outlive`: keep running after this process exits (--detach); otherwise killed with it.
 */
function spawnNode(spec: ComponentSpec, fd: number, outlive: boolean) {
  return execa(process.execPath, [...spec.nodeArgs, spec.entry], {
    env: spec.env,
    extendEnv: false,
    detached: true,
    stdin: 'ignore',
    // execa's option types only accept a literal descriptor; any open fd is valid at run time.
    stdout: fd as 3,
    stderr: fd as 3,
    reject: false,
    cleanup: !outlive,
  });
}

type NodeProcess = ReturnType<typeof spawnNode>;

export interface StartedComponent {
  spec: ComponentSpec;
  process: NodeProcess;
  pid: number;
  /** Exit code (or -1 for a signal) once it has exited. */
  exitCode(): number | undefined;
  /** Byte offset of its log file before it started: its own lines come after. */
  logOffset: number;
}

/** Starts one component; `outlive` ones keep running after this process exits (--detach). */
export function startComponent(spec: ComponentSpec, outlive: boolean): StartedComponent {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const logOffset = fs.existsSync(spec.logFile) ? fs.statSync(spec.logFile).size : 0;
  const fd = fs.openSync(spec.logFile, 'a');
  let exited: number | undefined;
  let child: NodeProcess;
  try {
    child = spawnNode(spec, fd, outlive);
  } finally {
    fs.closeSync(fd);
  }
  void child.then((result) => (exited = result.exitCode ?? -1));
  if (outlive) child.unref();
  return { spec, process: child, pid: child.pid!, exitCode: () => exited, logOffset };
}

export function toStateComponent(started: StartedComponent): ServiceComponent {
  const { spec } = started;
  return { name: spec.name, kind: spec.kind, pid: started.pid, ...(spec.url ? { url: spec.url, port: spec.port } : {}), log_file: spec.logFile, entry: spec.entry };
}

/** The last `count` non-empty lines a component wrote since it started, indented. */
export function tailSince(file: string, offset: number, count = 15): string {
  try {
    return fs
      .readFileSync(file)
      .subarray(offset)
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-count)
      .map((line) => `  ${line}`)
      .join('\n');
  } catch {
    return '';
  }
}
