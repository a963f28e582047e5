/** `reos scenarios validate`: check scenario files against the schema without running them. */
import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { EXIT } from '../../errors.js';
import type { ValidationReport } from '../../verify/catalog.js';

export default class ScenariosValidate extends BaseCommand {
  static override summary = 'Validate scenario files (default: the shipped ones) without running anything';
  static override description = `Checks each file's YAML, its schema (every step kind's fields included) and the references between steps. Every problem is printed as file:line:column with what was expected.

Exit codes: 0 every scenario is valid, 2 at least one problem (or bad usage).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> checks/login.yaml "checks/flows/*.yaml"',
    '<%= config.bin %> <%= command.id %> checks --json',
  ];

  static override strict = false;
  static override args = { files: Args.string({ description: 'Scenario files, folders or globs. [default: the shipped scenarios]' }) };

  async run(): Promise<ValidationReport> {
    const { argv } = await this.parse(ScenariosValidate);
    const { validateScenarios } = await import('../../verify/catalog.js');
    const report = await validateScenarios({ patterns: argv as string[], cwd: process.cwd() });
    if (report.valid) this.log(`${report.scenarios} scenario${report.scenarios === 1 ? '' : 's'} valid (${report.files} file${report.files === 1 ? '' : 's'}).`);
    else {
      if (!this.jsonEnabled()) for (const problem of report.problems) this.logToStderr(problem.text);
      this.logToStderr(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${report.files} file${report.files === 1 ? '' : 's'}.`);
      process.exitCode = EXIT.usage;
    }
    return report;
  }
}
