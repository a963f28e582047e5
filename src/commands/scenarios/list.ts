/** `reos scenarios list`: the scenarios reos would run, with area, severity, steps and file. */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import type { ScenarioRow } from '../../verify/catalog.js';

export default class ScenariosList extends BaseCommand {
  static override summary = 'List the scenarios (shipped, or the files you name) with area, severity and steps';
  static override description = `Loads and validates the shipped scenarios, or the files, folders and globs given with --scenarios, then filters them by --area and --tag exactly as \`reos verify\` would.

Exit codes: 0 ok, 2 bad usage or invalid scenario files (each problem printed as file:line:column).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --area auth --area flows',
    '<%= config.bin %> <%= command.id %> --scenarios "checks/*.yaml" --json',
  ];

  static override flags = {
    scenarios: Flags.string({ multiple: true, description: 'Scenario files, folders or globs instead of the shipped ones (repeatable).' }),
    area: Flags.string({ multiple: true, description: 'Only scenarios of this area (repeatable).' }),
    tag: Flags.string({ multiple: true, description: 'Only scenarios carrying this tag (repeatable).' }),
  };

  async run(): Promise<ScenarioRow[]> {
    const { flags } = await this.parse(ScenariosList);
    const { listScenarios, printProblems } = await import('../../verify/catalog.js');
    const { formatScenarioTable } = await import('../../report/terminal/scenario-table.js');
    const rows = await listScenarios({ patterns: flags.scenarios ?? [], areas: flags.area, tags: flags.tag, cwd: process.cwd() }).catch((error: unknown) => {
      throw this.jsonEnabled() ? error : printProblems(error, (line) => this.logToStderr(line));
    });
    this.log(formatScenarioTable(rows));
    return rows;
  }
}
