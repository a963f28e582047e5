/** `reos down`: stop the stack started by `reos up --detach`. */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { formatStop, stopStack, type StopResult } from '../runtime/lifecycle/stop.js';
import { resolveStateDir } from '../runtime/lifecycle/state.js';

export default class Down extends BaseCommand {
  static override summary = 'Stop the stack started by `reos up --detach`';
  static override description = `Sends SIGTERM to the process named in .reos/state.json (under --data-dir), waits up to --timeout for it to drain and exit, then sends SIGKILL. The state file is removed; a stale one is removed and reported.

Exit codes: 0 stopped, nothing was running, or only a stale state file was cleaned.`;

  static override examples = [
    { description: 'Stop the background stack', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Give it 30 s to drain before forcing', command: '<%= config.bin %> <%= command.id %> --timeout 30' },
  ];

  static override flags = {
    'data-dir': Flags.string({ description: 'Folder holding state.json and logs/. [default: REOS_DATA_DIR, else .reos]' }),
    timeout: Flags.integer({ min: 0, default: 10, description: 'Seconds to wait after SIGTERM before SIGKILL.' }),
  };

  async run(): Promise<StopResult> {
    const { flags } = await this.parse(Down);
    const result = await stopStack(resolveStateDir(flags['data-dir']), flags.timeout * 1000);
    if (!this.jsonEnabled()) this.log(formatStop(result));
    return result;
  }
}
