/** `reos status`: is the background stack running, and is it healthy. */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { EXIT } from '../errors.js';
import { formatStatus, readStatus, type StackStatus } from '../runtime/lifecycle/status.js';
import { resolveStateDir } from '../runtime/lifecycle/state.js';

export default class Status extends BaseCommand {
  static override summary = 'Show whether the stack started by `reos up --detach` is running and healthy';
  static override description = `Reads .reos/state.json (under --data-dir) and asks the API's GET /ready for the health of each component: the API (pid, URL, uptime) and the database (kind, location, check). A state file whose process is gone, or alive but neither answering nor a reos process, is reported as stale and removed.

Exit codes: 0 running, 1 nothing running (--json prints {"running": false}).`;

  static override examples = [
    { description: 'Show the running stack', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'For scripts', command: '<%= config.bin %> <%= command.id %> --json' },
  ];

  static override flags = {
    'data-dir': Flags.string({ description: 'Folder holding state.json and logs/. [default: REOS_DATA_DIR, else .reos]' }),
  };

  async run(): Promise<StackStatus> {
    const { flags } = await this.parse(Status);
    const status = await readStatus(resolveStateDir(flags['data-dir']));
    if (!this.jsonEnabled()) this.log(formatStatus(status));
    if (!status.running) process.exitCode = EXIT.failed;
    return status;
  }
}
