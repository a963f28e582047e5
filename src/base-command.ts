/**
 * What every reos command shares: `--json` (oclif's enableJsonFlag), and one error path that
 * prints the message and its fix hint (or a JSON error under --json) and exits with the
 * error's code, never a stack trace. Set REOS_DEBUG=1 to see the cause chain.
 */
import { Command } from '@oclif/core';
import { toReosError } from './errors.js';

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    // oclif's own parse errors (unknown flag, missing arg) already carry a message and exit 2.
    if (error.oclif?.exit !== undefined && !(error.name === 'ReosError')) {
      if (error.oclif.exit === 0) return;
      throw error;
    }
    const reos = toReosError(error);
    if (process.env.REOS_DEBUG) console.error(error);
    if (this.jsonEnabled()) {
      this.logJson({ error: { code: reos.code, message: reos.message, hint: reos.hint, exit_code: reos.exitCode } });
      this.exit(reos.exitCode);
    }
    this.error(reos.message, { exit: reos.exitCode, suggestions: reos.hint ? [reos.hint] : undefined, code: reos.code });
  }
}
