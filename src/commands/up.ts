/** `reos up`: the bundled stack in the foreground, embedded by default (PGlite, no Docker). */
import { Flags, ux } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { loadCommandEnvironment } from '../runtime/env.js';
import { describeReady, formatBanner } from '../runtime/ready.js';
import { LOG_LEVELS, resolveUpConfig } from '../runtime/up-config.js';
import { resolveStateDir } from '../runtime/lifecycle/state.js';
import { readDockerState } from '../runtime/docker/state.js';
import { EXIT, ReosError } from '../errors.js';
import type { DetachResult } from '../runtime/lifecycle/detach.js';
import type { DockerUpResult } from '../runtime/docker/up.js';
import type { ServicesResult } from '../runtime/services/start.js';
import { resolveServicesConfig, servicesRequested } from '../runtime/services/config.js';

export default class Up extends BaseCommand {
  static override summary = 'Start the Real Estate OS stack in the foreground';
  static override description = `Runs the API in this process on an embedded PostgreSQL (PGlite, data under --data-dir), or on PostgreSQL when --database-url or DATABASE_URL is set. Pending migrations are applied on start. Settings come from flags, then the environment, then .env and .env.mock in the current folder, then the .env.mock shipped with reos.

The banner goes to stderr and the API's JSON log lines to stdout. With --json, one JSON line describing the running stack is printed to stdout once it is ready, and the logs go to stderr. Ctrl+C (SIGINT) or SIGTERM stops it cleanly; a second signal forces exit 1.

With --docker, the whole stack runs on Docker instead (docker-compose.yml at the reos root: PostgreSQL, Redis, MailHog, MinIO, the API and job worker behind nginx; --monitoring adds Prometheus and Grafana): \`docker compose up -d --wait\`, then the URLs are printed and docker mode is recorded in <data dir>/state.json. It needs a Docker engine and the compose plugin; without them it says so in one line (exit 3).

With --detach, the same command runs in the background (logs in <data dir>/logs/api.jsonl, state in <data dir>/state.json, also with --ephemeral) and reos returns once GET /ready answers; see \`reos status\`, \`reos logs\` and \`reos down\`. If one is already running and answering, it says "already running at URL (pid N)" and exits 0 without starting another.

With --services (implied by --replicas, or by DATABASE_URL / REDIS_URL in the environment) the API runs on PostgreSQL (--database-url, DATABASE_URL, else postgres://postgres@127.0.0.1:5432/reos, created when missing) and Redis (--redis-url, REDIS_URL, else redis://127.0.0.1:6379) as --replicas separate processes on consecutive ports from --port (8000, 8001, ...), plus one job worker process when this build has one. Migrations run once before the replicas start. Each process logs JSON lines to <data dir>/logs/api-<i>.jsonl (worker.jsonl); the foreground streams them merged and Ctrl+C stops them all; --detach returns once every replica answers GET /ready. \`reos status\` lists each component, \`reos logs --component api-2\` shows one, \`reos down\` stops them all. Without --services, --database-url runs the single API in this process on PostgreSQL, with no Redis.

Exit codes: 0 stopped cleanly (or, with --detach, started or already running), 2 bad flag or configuration, 3 the stack could not start (port in use, data directory in use, database unreachable, migration failed, --detach not ready within --timeout, no Docker engine for --docker).`;

  static override examples = [
    { description: 'Start on http://127.0.0.1:8000 with data in ./.reos', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Throwaway in-memory database on another port', command: '<%= config.bin %> <%= command.id %> --ephemeral --port 8080' },
    { description: 'Use a PostgreSQL server instead of the embedded database', command: '<%= config.bin %> <%= command.id %> --database-url postgres://postgres@127.0.0.1:5432/reos' },
    { description: 'Wait for readiness from a script, keeping stdout parseable', command: '<%= config.bin %> <%= command.id %> --ephemeral --json' },
    { description: 'Start in the background and return once ready', command: '<%= config.bin %> <%= command.id %> --detach' },
    { description: 'The full stack on Docker, with Prometheus and Grafana', command: '<%= config.bin %> <%= command.id %> --docker --monitoring' },
    { description: 'Two API replicas (:8000, :8001) on PostgreSQL and Redis, in the background', command: '<%= config.bin %> <%= command.id %> --services --replicas 2 --detach' },
  ];

  static override flags = {
    port: Flags.integer({ char: 'p', min: 0, max: 65_535, description: 'Port for the API. [default: REOS_PORT, PORT, else 8000]' }),
    host: Flags.string({ description: 'Address to listen on; 0.0.0.0 for every interface. [default: REOS_HOST, else 127.0.0.1]' }),
    'data-dir': Flags.string({ description: 'Folder for the embedded database and local state. [default: REOS_DATA_DIR, else .reos]' }),
    ephemeral: Flags.boolean({ description: 'Keep the embedded database in memory: nothing is written, everything is lost on stop.', exclusive: ['database-url'] }),
    'database-url': Flags.string({ description: 'PostgreSQL URL to use instead of the embedded database. [default: DATABASE_URL]' }),
    'log-level': Flags.option({ options: LOG_LEVELS, description: 'Level of the API logs. [default: LOG_LEVEL, else info]' })(),
    'mail-smtp-port': Flags.integer({ min: 0, max: 65_535, description: 'SMTP port of the embedded mail catcher. [default: MAIL_SMTP_PORT, else 1025]' }),
    'mail-http-port': Flags.integer({ min: 0, max: 65_535, description: 'Port of the mail catcher’s inbox page and MailHog API. [default: MAIL_HTTP_PORT, else 8025]' }),
    detach: Flags.boolean({ description: 'Run in the background and return once ready (stop it with `reos down`).' }),
    timeout: Flags.integer({ min: 1, default: 60, description: 'With --detach or --docker, seconds to wait for readiness before giving up (exit 3); --docker allows at least 300 for image builds.' }),
    docker: Flags.boolean({ description: 'Run the stack on Docker (docker compose up -d --wait); stop it with `reos down --docker`.', exclusive: ['ephemeral', 'database-url', 'detach'] }),
    monitoring: Flags.boolean({ description: 'With --docker, also start Prometheus and Grafana (the compose `monitoring` profile).', dependsOn: ['docker'] }),
    services: Flags.boolean({ description: 'Run the API as separate processes on PostgreSQL and Redis (services mode).', exclusive: ['ephemeral'] }),
    replicas: Flags.integer({ min: 1, max: 32, description: 'Services mode: how many API processes, on consecutive ports from --port. [default: 1]', exclusive: ['ephemeral'] }),
    'redis-url': Flags.string({ description: 'Services mode: Redis URL. [default: REDIS_URL, else redis://127.0.0.1:6379]', exclusive: ['ephemeral'] }),
  };

  async run(): Promise<DetachResult | DockerUpResult | ServicesResult | void> {
    const { flags } = await this.parse(Up);
    const { env, files } = loadCommandEnvironment();
    if (flags.docker) {
      const { startDocker, formatDockerUp } = await import('../runtime/docker/up.js');
      const result = await startDocker({
        env,
        dataDir: resolveStateDir(flags['data-dir']),
        version: this.config.version,
        monitoring: flags.monitoring,
        port: flags.port,
        // Building the image on a first run takes minutes, not the embedded stack's seconds.
        waitTimeoutSeconds: Math.max(flags.timeout, 300),
        progress: this.jsonEnabled() ? undefined : process.stderr,
      });
      if (!this.jsonEnabled()) this.log(formatDockerUp(result));
      return result;
    }
    const upFlags = { port: flags.port, host: flags.host, dataDir: flags['data-dir'], ephemeral: flags.ephemeral, databaseUrl: flags['database-url'], logLevel: flags['log-level'],
      mailSmtpPort: flags['mail-smtp-port'], mailHttpPort: flags['mail-http-port'] };
    if (servicesRequested(env, flags)) {
      const services = resolveServicesConfig(env, { ...upFlags, replicas: flags.replicas, redisUrl: flags['redis-url'] }, this.config.version);
      const { startServices, formatServices } = await import('../runtime/services/start.js');
      const result = await startServices({ ...services, detach: flags.detach, timeoutMs: flags.timeout * 1000, version: this.config.version, onNotice: (message) => this.logToStderr(message) });
      if (flags.detach && !this.jsonEnabled()) this.log(formatServices(result));
      return result;
    }
    const config = resolveUpConfig(env, upFlags, this.config.version);
    if (flags.detach) {
      if (readDockerState(config.dataDir)) {
        throw new ReosError(`The Docker stack is recorded in ${config.dataDir}/state.json.`, { hint: 'Stop it first with `reos down --docker`, or use another --data-dir.', exitCode: EXIT.usage, code: 'ANOTHER_MODE_RUNNING' });
      }
      const { startDetached, formatDetached } = await import('../runtime/lifecycle/detach.js');
      const result = await startDetached({ flags: upFlags, dataDir: config.dataDir, version: this.config.version, timeoutMs: flags.timeout * 1000, bin: process.argv[1] });
      if (!this.jsonEnabled()) this.log(formatDetached(result));
      return result;
    }
    const json = this.jsonEnabled();
    // The stack (Hono, zod, database drivers) takes a second to load: only once the input is good.
    const { runForeground } = await import('../runtime/up.js');
    // Runs until stopped, so the --json result is printed when ready rather than returned.
    await runForeground({
      config,
      logDestination: json ? process.stderr : undefined,
      onReady: (stack) => {
        const ready = describeReady(stack, { version: this.config.version, mockMode: config.mockMode, envFiles: files });
        if (json) ux.stdout(JSON.stringify(ready));
        else this.logToStderr(formatBanner(ready));
      },
      onNotice: (message) => process.stderr.write(`${message}\n`),
    });
  }
}
