/** `reos down`: stop the stack started by `reos up --detach`. */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { formatStop, stopStack, type StopResult } from '../runtime/lifecycle/stop.js';
import { resolveStateDir } from '../runtime/lifecycle/state.js';
import { readDockerState } from '../runtime/docker/state.js';
import type { DockerDownResult } from '../runtime/docker/down.js';
import { loadCommandEnvironment } from '../runtime/env.js';

export default class Down extends BaseCommand {
  static override summary = 'Stop the stack started by `reos up --detach` or `reos up --docker`';
  static override description = `Sends SIGTERM to the process named in .reos/state.json (under --data-dir), waits up to --timeout for it to drain and exit, then sends SIGKILL. The state file is removed; a stale one is removed and reported.

In docker mode (state.json says so, or --docker) it runs \`docker compose down\` for the reos project instead: containers and network go, named volumes stay unless --volumes.

Exit codes: 0 stopped, nothing was running, or only a stale state file was cleaned; 3 docker mode without a Docker engine or compose plugin, or compose failed.`;

  static override examples = [
    { description: 'Stop the background stack', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Give it 30 s to drain before forcing', command: '<%= config.bin %> <%= command.id %> --timeout 30' },
    { description: 'Stop the Docker stack and delete its data volumes', command: '<%= config.bin %> <%= command.id %> --docker --volumes' },
  ];

  static override flags = {
    'data-dir': Flags.string({ description: 'Folder holding state.json and logs/. [default: REOS_DATA_DIR, else .reos]' }),
    timeout: Flags.integer({ min: 0, default: 10, description: 'Seconds to wait after SIGTERM before SIGKILL.' }),
    docker: Flags.boolean({ description: 'Stop the Docker stack (docker compose down), even if no state file records it.' }),
    volumes: Flags.boolean({ description: 'In docker mode, also delete the named volumes (database, Redis, MinIO, monitoring data).' }),
  };

  async run(): Promise<StopResult | DockerDownResult> {
    const { flags } = await this.parse(Down);
    const dataDir = resolveStateDir(flags['data-dir']);
    if (flags.docker || readDockerState(dataDir)) {
      const { stopDocker, formatDockerDown } = await import('../runtime/docker/down.js');
      const result = await stopDocker({ env: loadCommandEnvironment().env, dataDir, volumes: flags.volumes, progress: this.jsonEnabled() ? undefined : process.stderr });
      if (!this.jsonEnabled()) this.log(formatDockerDown(result));
      return result;
    }
    if (flags.volumes) this.warn('--volumes only applies to docker mode; nothing was deleted.');
    const result = await stopStack(dataDir, flags.timeout * 1000);
    if (!this.jsonEnabled()) this.log(formatStop(result));
    return result;
  }
}
