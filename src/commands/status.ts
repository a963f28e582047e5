/** `reos status`: is the background stack running, and is it healthy. */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { EXIT } from '../errors.js';
import { formatStatus, readStatus, type StackStatus } from '../runtime/lifecycle/status.js';
import { resolveStateDir } from '../runtime/lifecycle/state.js';
import { readDockerState } from '../runtime/docker/state.js';
import type { DockerStatus } from '../runtime/docker/status.js';
import { loadCommandEnvironment } from '../runtime/env.js';

export default class Status extends BaseCommand {
  static override summary = 'Show whether the stack started by `reos up --detach` is running and healthy';
  static override description = `Reads .reos/state.json (under --data-dir) and asks the API's GET /ready for the health of each component: the API (pid, URL, uptime) and the database (kind, location, check). A state file whose process is gone, or alive but neither answering nor a reos process, is reported as stale and removed.

In docker mode (state.json says so, or --docker) it lists each container of the compose project instead, from the Docker engine: service, state, health, published ports, uptime.

Exit codes: 0 running, 1 nothing running (--json prints {"running": false}), 3 docker mode without a reachable Docker engine.`;

  static override examples = [
    { description: 'Show the running stack', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'For scripts', command: '<%= config.bin %> <%= command.id %> --json' },
    { description: 'The containers of the Docker stack', command: '<%= config.bin %> <%= command.id %> --docker' },
  ];

  static override flags = {
    'data-dir': Flags.string({ description: 'Folder holding state.json and logs/. [default: REOS_DATA_DIR, else .reos]' }),
    docker: Flags.boolean({ description: "List the Docker stack's containers, even if no state file records it." }),
  };

  async run(): Promise<StackStatus | DockerStatus> {
    const { flags } = await this.parse(Status);
    const dataDir = resolveStateDir(flags['data-dir']);
    const docker = readDockerState(dataDir);
    if (flags.docker || docker) {
      const { readDockerStatus, formatDockerStatus } = await import('../runtime/docker/status.js');
      const status = await readDockerStatus({ env: loadCommandEnvironment().env, project: docker?.project });
      if (!this.jsonEnabled()) this.log(formatDockerStatus(status));
      if (!status.running) process.exitCode = EXIT.failed;
      return status;
    }
    const status = await readStatus(dataDir);
    if (!this.jsonEnabled()) this.log(formatStatus(status));
    if (!status.running) process.exitCode = EXIT.failed;
    return status;
  }
}
