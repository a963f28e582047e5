/** `reos evidence show`: read a pack back (zip or folder): verdict, areas, failures, slowest steps. */
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import type { PackView } from '../../report/show/index.js';

export default class EvidenceShow extends BaseCommand {
  static override summary = 'Show what an evidence pack recorded: verdict, areas, failures, slowest steps';
  static override description = `Reads the pack (its .zip or its folder) and prints the verdict and confidence with their reasons, one row per area, every failed step with its failed assertions (expected vs actual) and its scenario file and line, and the slowest steps. Nothing is re-run and nothing is verified: use reos evidence verify to check the pack's hashes and signature.

Exit codes: 0 the pack was read, 1 its summary.json or manifest.json is unreadable, 3 no pack at that path (or a damaged zip).`;

  static override examples = [
    { description: 'The last run, from its zip', command: '<%= config.bin %> <%= command.id %> evidence/runtime_20251105_182213.zip' },
    { description: 'The ten slowest steps of an unpacked pack', command: '<%= config.bin %> <%= command.id %> evidence/runtime_20251105_182213 --top 10' },
    { description: 'As JSON, for a script', command: '<%= config.bin %> <%= command.id %> evidence/runtime_20251105_182213.zip --json' },
  ];

  static override args = { pack: Args.string({ required: true, description: 'The pack: a runtime_*.zip or its folder.' }) };
  static override flags = { top: Flags.integer({ default: 5, min: 0, max: 1000, description: 'How many of the slowest steps to list.' }) };

  async run(): Promise<PackView> {
    const { args, flags } = await this.parse(EvidenceShow);
    const { readPack } = await import('../../evidence/read.js');
    const { describePack, formatShow } = await import('../../report/show/index.js');
    const view = describePack(await readPack(args.pack), { top: flags.top });
    if (!this.jsonEnabled()) this.log(formatShow(view));
    return view;
  }
}
