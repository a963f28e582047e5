/** `reos doctor`: the pre-demo checklist (Node, ports, disk, data directory, services, running stack). */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { EXIT } from '../errors.js';
import type { DoctorReport } from '../doctor/index.js';

export default class Doctor extends BaseCommand {
  static override summary = 'Check this machine is ready to run the stack and the demo';
  static override description = `One line per check, each PASS, WARN or FAIL with a fix hint: the Node.js version (>= 20.19), the ports the stack listens on (API --port / REOS_PORT, default 8000; the mail catcher's SMTP 1025 and HTTP 8025, MAIL_SMTP_PORT / MAIL_HTTP_PORT), free disk space where the data directory lives, the data directory (writable, its lock held by a live process or stale, its schema against this reos), the Docker engine (a warning only: just \`reos up --docker\` needs it), PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set, and the health of a stack started with \`reos up --detach\`. A port held by that stack is not a failure.

Exit codes: 0 nothing failed (warnings allowed), 1 at least one check failed.`;

  static override examples = [
    { description: 'Before a demo', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'The API will run on another port', command: '<%= config.bin %> <%= command.id %> --port 8100' },
    { description: 'For CI or scripts', command: '<%= config.bin %> <%= command.id %> --json' },
  ];

  static override flags = {
    port: Flags.integer({ min: 1, max: 65_535, description: 'API port to check. [default: REOS_PORT, else PORT, else 8000]' }),
    'data-dir': Flags.string({ description: 'Data directory to check. [default: REOS_DATA_DIR, else .reos]' }),
  };

  async run(): Promise<DoctorReport> {
    const { flags } = await this.parse(Doctor);
    const path = await import('node:path');
    const { loadCommandEnvironment } = await import('../runtime/env.js');
    const { runDoctor, formatDoctor } = await import('../doctor/index.js');
    const { createColors } = await import('../report/terminal/colors.js');
    const { env } = loadCommandEnvironment();
    const dataDir = path.resolve(flags['data-dir'] ?? (env.REOS_DATA_DIR || '.reos'));
    const report = await runDoctor({ env, dataDir, ...(flags.port ? { port: flags.port } : {}) });
    if (!this.jsonEnabled()) this.log(formatDoctor(report, createColors({ isTTY: Boolean(process.stdout.isTTY), env })));
    if (!report.ok) process.exitCode = EXIT.failed;
    return report;
  }
}
