/** `reos demo`: the live run-of-show for presenters (interactive, or --auto for rehearsals and CI). */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import type { DemoJson } from '../demo/cli.js';

export default class Demo extends BaseCommand {
  static override summary = 'Walk a presenter through the live demo, section by section, with a recorded fallback';
  static override description = `Loads the run-of-show (scenarios/demo/run-of-show.yaml, or --show), shows the pre-show checklist (\`reos doctor\`), then uses --target, or the stack \`reos up --detach\` left running, or starts the embedded stack in this process (on --port, or a free port when it is taken). Each section prints its script line, talking points and links; each step runs live and shows its request, the response (coloured, long JSON folded) and its timing. Between steps you choose: Enter for next, r retry, s skip, c the curl to paste, e expand the response, f the RECORDED exchange of a failed step (from the newest evidence pack holding one), o open the docs or mail inbox in a browser, q quit. The clock shows each section's time against its plan.

--auto runs without prompts (for rehearsals and CI, no TTY needed), pausing --pace between steps, and shows recordings at once when a live step fails. Every run writes an evidence pack (area demo) under --out, secrets redacted. --export FILE writes the presenter's script as Markdown from the show file, without running anything.

Exit codes: 0 every live step passed (or --export done), 1 a live step failed (even if a recording covered it), 2 bad usage or an invalid show file (printed as file:line:column), 3 the target could not be reached (a pack still records it).`;

  static override examples = [
    { description: 'The live show (embedded stack, interactive)', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'A rehearsal without prompts, two seconds between steps', command: '<%= config.bin %> <%= command.id %> --auto --pace 2s' },
    { description: 'In CI, against a deployment, with a machine summary', command: '<%= config.bin %> <%= command.id %> --auto --pace 0 --target http://10.0.0.5:8000 --json' },
    { description: 'The presenter script, generated from the show file', command: '<%= config.bin %> <%= command.id %> --export DEMO_RUN_OF_SHOW.md' },
  ];

  static override flags = {
    auto: Flags.boolean({ description: 'No prompts: run every section in order (rehearsals, CI; works without a TTY).' }),
    pace: Flags.string({ default: '2s', description: 'With --auto, the pause between steps (e.g. 2s, 500ms, 0).' }),
    target: Flags.string({ description: 'Base URL of a running deployment to present instead of starting the stack.' }),
    port: Flags.integer({ min: 0, max: 65_535, description: 'API port of the embedded stack (0: any free port). [default: REOS_PORT, else 8000]' }),
    'mail-url': Flags.string({ description: "The mail catcher's HTTP API for the campaign section. [default: REOS_MAIL_URL, else http://localhost:8025]" }),
    show: Flags.string({ description: 'The show file to run. [default: the shipped scenarios/demo/run-of-show.yaml]' }),
    export: Flags.string({ description: "Write the presenter's script (Markdown) to this file and exit, running nothing." }),
    out: Flags.string({ default: 'evidence', description: 'Evidence folder: where the pack is written and recordings are read.' }),
    'data-dir': Flags.string({ description: 'Where a detached stack keeps its state. [default: REOS_DATA_DIR, else .reos]' }),
    'ready-timeout': Flags.integer({ default: 30, min: 1, max: 3600, description: 'Seconds to wait for the stack or target to be ready.' }),
    'step-timeout': Flags.integer({ min: 1, max: 3600, description: 'Seconds before a live step counts as timed out. [default: 15]' }),
  };

  async run(): Promise<DemoJson> {
    const { flags } = await this.parse(Demo);
    const { runDemoCommand } = await import('../demo/cli.js');
    const { result, exitCode } = await runDemoCommand(flags, {
      json: this.jsonEnabled(),
      version: this.config.version,
      stdout: (text) => this.log(text),
      // oclif silences logToStderr under --json; the show's transcript still belongs on stderr.
      stderr: (text) => process.stderr.write(`${text}\n`),
    });
    process.exitCode = exitCode;
    return result;
  }
}
