/** `reos verify`: run the scenarios against the stack (or --target) and write an evidence pack. */
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import type { VerifyJson } from '../verify/cli.js';

export default class Verify extends BaseCommand {
  static override summary = 'Prove the platform works: run the scenarios and write a GO / NO-GO evidence pack';
  static override description = `By default starts the bundled stack in this process on a free port of 127.0.0.1 with a fresh in-memory database, waits for /ready, runs every shipped scenario, stops the stack, and writes evidence/runtime_YYYYMMDD_HHMMSS/ plus its .zip (transcripts with secrets redacted, API logs, openapi.json, SUMMARY.md, summary.json, junit.xml, manifest.json with SHA-256 hashes). With --target it verifies a running deployment instead; with --scenarios, your own scenario files. The verdict rule is in docs/verdict.md.

Exit codes: 0 GO (or CONDITIONAL GO unless --fail-on conditional), 1 NO-GO (or CONDITIONAL GO with --fail-on conditional, or the pack could not be written, e.g. a known secret survived redaction), 2 bad usage, an unusable --sign-key or invalid scenario files (each problem printed as file:line:column; nothing runs, no pack), 3 the stack or target could not be started or reached (a pack is still written, verdict NO-GO).`;

  static override examples = [
    { description: 'Verify the bundled platform end to end', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Verify a running deployment (two replicas)', command: '<%= config.bin %> <%= command.id %> --target http://10.0.0.5:8000 --target http://10.0.0.6:8000' },
    { description: 'The cross-replica proofs against `reos up --services --replicas 2 --detach`', command: '<%= config.bin %> <%= command.id %> --target http://127.0.0.1:8000,http://127.0.0.1:8001 --area services' },
    { description: 'Your own API with your own scenario files', command: '<%= config.bin %> <%= command.id %> --target https://api.example.com --scenarios "checks/*.yaml"' },
    { description: 'A deployment whose mail goes to a MailHog elsewhere', command: '<%= config.bin %> <%= command.id %> --target http://10.0.0.5:8000 --mail-url http://10.0.0.7:8025' },
    { description: 'Only health and auth, stop at the first failure, summary as JSON', command: '<%= config.bin %> <%= command.id %> --area health --area auth --bail --json' },
    { description: 'Add contract fuzzing: 10 valid and 10 malformed requests per documented operation', command: '<%= config.bin %> <%= command.id %> --fuzz 10' },
    { description: 'Sign the pack (check it later with reos evidence verify --pubkey keys/reos.pub)', command: '<%= config.bin %> <%= command.id %> --sign-key keys/reos.key' },
  ];

  static override flags = {
    target: Flags.string({ multiple: true, description: 'Base URL of a running deployment to verify instead of starting the stack; repeat it (or separate with commas) for replicas: scenarios read them as ${{ targets[0] }}, ${{ targets[1] }} ..., and those that require replicas run only with two or more.' }),
    scenarios: Flags.string({ multiple: true, description: 'Scenario files, folders or globs to run instead of the shipped ones (repeatable).' }),
    area: Flags.string({ multiple: true, description: 'Only scenarios of this area, plus the scenarios they require (repeatable).' }),
    tag: Flags.string({ multiple: true, description: 'Only scenarios carrying this tag, plus the scenarios they require (repeatable).' }),
    'require-area': Flags.string({ multiple: true, description: 'An area a GO must cover. [default: health, auth, flows for the shipped scenarios; none for --scenarios]' }),
    bail: Flags.boolean({ description: 'Stop at the first failed scenario (the rest are recorded as skipped).' }),
    concurrency: Flags.integer({ default: 4, min: 1, max: 64, description: 'Scenarios run at the same time.' }),
    out: Flags.string({ default: 'evidence', description: 'Folder the evidence pack is written in.' }),
    'ready-timeout': Flags.integer({ default: 30, min: 1, max: 3600, description: 'Seconds to wait for the stack or target to answer /ready.' }),
    'sign-key': Flags.string({ description: 'ed25519 private key (PEM file from `reos evidence keygen`) that signs manifest.json into manifest.sig. [env: REOS_SIGNING_KEY, a path or the PEM]' }),
    'mail-url': Flags.string({
      description: 'Base URL of the MailHog API that catches the --target’s mail, for `mail` steps. [default: the target’s host on port 8025; the embedded stack uses its own catcher]',
      parse: async (input) => {
        if (!/^https?:\/\/[^/\s]+/i.test(input)) throw new Error(`--mail-url must be an http(s) URL such as http://localhost:8025, got "${input}".`);
        return input.replace(/\/+$/, '');
      },
    }),
    fuzz: Flags.integer({ min: 1, max: 1000, description: 'Add a generated contract-fuzz scenario: N valid and N malformed requests for every documented operation, each answer checked against the OpenAPI document (docs/fuzz.md). Embedded, it runs on its own stack whose rate limits are raised; against --target, the target\'s 429s are counted.' }),
    'fail-on': Flags.option({ options: ['no-go', 'conditional'] as const, default: 'no-go' as const, description: 'Which verdict fails the command (exit 1).' })(),
  };

  async run(): Promise<VerifyJson> {
    const { flags } = await this.parse(Verify);
    const { runVerifyCommand } = await import('../verify/cli.js');
    const { result, exitCode } = await runVerifyCommand(flags, {
      json: this.jsonEnabled(),
      version: this.config.version,
      stdout: (line) => this.log(line),
      stderr: (line) => this.logToStderr(line),
    });
    // The summary is the answer (printed above, or as --json); the exit code carries the verdict.
    process.exitCode = exitCode;
    return result;
  }
}
