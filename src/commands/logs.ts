/** `reos logs`: the background stack's JSON logs, merged, filtered, optionally followed. */
import { Flags, ux } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { logDir, resolveStateDir } from '../runtime/lifecycle/state.js';
import { readDockerState } from '../runtime/docker/state.js';
import { loadCommandEnvironment } from '../runtime/env.js';
import { followLogs, formatEntry, LOG_RANKS, parseSince, readLogs, type LogEntry } from '../runtime/lifecycle/logs.js';

export default class Logs extends BaseCommand {
  static override summary = 'Show the logs of the stack started by `reos up --detach`';
  static override description = `Merges .reos/logs/*.jsonl (under --data-dir) in time order. People get one line per entry (time, level, method path status duration, request id); --json prints the raw JSON lines. --follow keeps printing new lines until Ctrl+C.

In docker mode (state.json says so, or --docker) the lines come from the containers of the compose project, through the Docker engine; --component then names a compose service (api, worker, postgres, redis, mailhog, minio, nginx ...).

Exit codes: 0 shown, 1 no log folder, 2 bad flag, 3 docker mode without a reachable Docker engine.`;

  static override examples = [
    { description: 'Everything so far', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Warnings and errors of the last 5 minutes, then follow', command: '<%= config.bin %> <%= command.id %> --level warn --since 5m --follow' },
    { description: 'One request, as JSON lines', command: '<%= config.bin %> <%= command.id %> --json --request-id 3f2a9c' },
    { description: "The Docker stack's API container, following", command: '<%= config.bin %> <%= command.id %> --docker --component api --follow' },
    { description: 'The second replica of `reos up --services --replicas 2`', command: '<%= config.bin %> <%= command.id %> --component api-2' },
  ];

  static override flags = {
    'data-dir': Flags.string({ description: 'Folder holding state.json and logs/. [default: REOS_DATA_DIR, else .reos]' }),
    follow: Flags.boolean({ char: 'f', description: 'Keep printing new lines until Ctrl+C.' }),
    level: Flags.option({ options: Object.keys(LOG_RANKS), description: 'Minimum level to show.' })(),
    'request-id': Flags.string({ description: "Only this request's lines (its X-Request-Id)." }),
    since: Flags.string({ description: 'Only lines since a duration ago (30s, 5m, 1h, 2d) or an ISO time.' }),
    component: Flags.string({ description: 'Only this component: api (embedded), api-1 .. api-N or worker (services mode), or a compose service in docker mode (api, worker, nginx, postgres ...).' }),
    docker: Flags.boolean({ description: "Read the Docker stack's container logs, even if no state file records it." }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Logs);
    const dataDir = resolveStateDir(flags['data-dir']);
    const dir = logDir(dataDir);
    const filter = { level: flags.level, requestId: flags['request-id'], since: flags.since ? parseSince(flags.since) : undefined, component: flags.component };
    const docker = readDockerState(dataDir);
    const dockerMode = flags.docker || docker !== undefined;
    // Raw lines, not one JSON document: the output must stay valid while following.
    const print = (entry: LogEntry) => ux.stdout(this.jsonEnabled() ? entry.raw : formatEntry(entry, dockerMode));
    if (dockerMode) {
      const { readDockerLogs, followDockerLogs } = await import('../runtime/docker/logs.js');
      const source = { env: loadCommandEnvironment().env, filter, project: docker?.project };
      (await readDockerLogs(source)).forEach(print);
      if (!flags.follow) return;
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      await followDockerLogs({ ...source, onEntry: print, signal: stop.signal });
      return;
    }
    readLogs(dir, filter).forEach(print);
    if (!flags.follow) return;
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    await followLogs(dir, filter, print, stop.signal);
  }
}
