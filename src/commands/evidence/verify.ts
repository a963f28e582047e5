/** `reos evidence verify`: check a pack offline (hashes, signature, re-evaluated assertions, verdict). */
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { EXIT, ReosError } from '../../errors.js';
import type { PackVerification } from '../../evidence/audit.js';

export default class EvidenceVerify extends BaseCommand {
  static override summary = 'Check an evidence pack offline: hashes, signature, every assertion re-evaluated, the verdict recomputed';
  static override description = `Reads the pack (its .zip or its folder) and, without any network:
- checks every file's SHA-256 and size against manifest.json, and that no file is missing or extra;
- checks manifest.sig, the ed25519 signature of manifest.json, when the pack is signed (required with --pubkey, whose fingerprint must be the signer's);
- re-evaluates every recorded assertion against the recorded responses with the check code the run used (from the expectations the pack stores), and recomputes each step's and scenario's status;
- recomputes the verdict and confidence with the verdict rule and compares them with summary.json and SUMMARY.md.
Each mismatch is named (file, scenario, step, assertion). Assertions that cannot be recomputed offline are listed as "not re-evaluated" warnings, never counted as passed.

--reveal name=value checks a secret you hold against the pack's redaction commitments ([REDACTED:name:salt:hash]): it holds when the value matches a commitment of that name; the commitments of that name it does not match are listed.

Exit codes: 0 every check holds, 1 the pack fails verification (each reason printed), 2 bad usage (a malformed --reveal, an unusable --pubkey), 3 no pack at that path, or not a pack, or a damaged zip.`;

  static override examples = [
    { description: 'Check a pack', command: '<%= config.bin %> <%= command.id %> evidence/runtime_20251105_182213.zip' },
    { description: 'Check that it was signed with your key', command: '<%= config.bin %> <%= command.id %> evidence/runtime_20251105_182213.zip --pubkey keys/reos.pub' },
    { description: 'Confirm the password the scenarios sent, without the pack holding it', command: '<%= config.bin %> <%= command.id %> evidence/runtime_20251105_182213 --reveal password=Demo123!' },
    { description: 'As JSON, for CI', command: '<%= config.bin %> <%= command.id %> evidence/runtime_20251105_182213.zip --pubkey keys/reos.pub --json' },
  ];

  static override args = { pack: Args.string({ required: true, description: 'The pack: a runtime_*.zip or its folder.' }) };
  static override flags = {
    pubkey: Flags.string({ description: 'The signer\'s public key (.pub from reos evidence keygen): the pack must carry a valid signature by it.' }),
    reveal: Flags.string({ multiple: true, description: 'name=value: check a secret you hold against the commitments of that name (repeatable).' }),
  };

  async run(): Promise<PackVerification> {
    const { args, flags } = await this.parse(EvidenceVerify);
    const reveals = (flags.reveal ?? []).map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new ReosError(`--reveal "${pair.length > 40 ? `${pair.slice(0, 20)}...` : pair.replace(/./g, '*')}" is not name=value.`, { hint: 'Give the marker name and the value, e.g. --reveal password=Demo123! (names as in the markers: password, authorization, access_token, ...).', exitCode: EXIT.usage, code: 'BAD_REVEAL' });
      return { name: pair.slice(0, at), value: pair.slice(at + 1) };
    });
    const { readPackFiles } = await import('../../evidence/read.js');
    const { verifyPack } = await import('../../evidence/audit.js');
    const { formatVerification } = await import('../../evidence/audit-format.js');
    const result = verifyPack(await readPackFiles(args.pack), { pubkey: flags.pubkey, reveals });
    if (!this.jsonEnabled()) this.log(formatVerification(result));
    process.exitCode = result.ok ? EXIT.ok : EXIT.failed;
    return result;
  }
}
