/** `reos evidence diff`: compare two packs; exit 1 when the second is a regression of the first. */
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { EXIT } from '../../errors.js';
import type { PackDiff } from '../../report/diff/index.js';

export default class EvidenceDiff extends BaseCommand {
  static override summary = 'Compare two evidence packs: verdict, scenario states, latency, OpenAPI endpoints';
  static override description = `Compares pack A (before) with pack B (after), each a runtime_*.zip or its folder: the verdict change, the scenarios whose status changed (passed -> failed is a regression), the steps whose duration moved by at least --threshold percent AND --threshold-ms milliseconds, and the operations added to or removed from the recorded OpenAPI documents (openapi.json).

Exit codes: 0 no regression, 1 the verdict got worse or a scenario regressed (or a pack's summary is unreadable), 3 no pack at a path (or a damaged zip).`;

  static override examples = [
    { description: 'Did the last run regress?', command: '<%= config.bin %> <%= command.id %> evidence/runtime_20251104_090000.zip evidence/runtime_20251105_182213.zip' },
    { description: 'Report latency changes of 20% and 30 ms or more', command: '<%= config.bin %> <%= command.id %> before.zip after.zip --threshold 20 --threshold-ms 30' },
    { description: 'As JSON, for CI', command: '<%= config.bin %> <%= command.id %> before.zip after.zip --json' },
  ];

  static override args = {
    a: Args.string({ required: true, description: 'The earlier pack (zip or folder).' }),
    b: Args.string({ required: true, description: 'The later pack (zip or folder).' }),
  };

  static override flags = {
    threshold: Flags.integer({ default: 50, min: 0, max: 100_000, description: 'Minimum latency change, in percent of A, for a step to be reported.' }),
    'threshold-ms': Flags.integer({ default: 100, min: 0, max: 3_600_000, description: 'Minimum latency change, in milliseconds, for a step to be reported.' }),
  };

  async run(): Promise<PackDiff> {
    const { args, flags } = await this.parse(EvidenceDiff);
    const { readPack } = await import('../../evidence/read.js');
    const { diffPacks, formatDiff } = await import('../../report/diff/index.js');
    const [a, b] = [await readPack(args.a), await readPack(args.b)];
    const diff = diffPacks(a, b, { percent: flags.threshold, ms: flags['threshold-ms'] });
    if (!this.jsonEnabled()) this.log(formatDiff(diff));
    process.exitCode = diff.regression ? EXIT.failed : EXIT.ok;
    return diff;
  }
}
