/** The terminal text of `reos evidence verify`: one line per check, then every failure and warning. */
import type { PackVerification } from './audit.js';

const LABEL: Record<keyof PackVerification['checks'], string> = { files: 'files', signature: 'signature', assertions: 'assertions', verdict: 'verdict' };

export function formatVerification(result: PackVerification): string {
  const lines = [`Evidence pack ${result.source}: ${result.ok ? 'VERIFIED' : 'FAILED VERIFICATION'}`];
  const line = (name: keyof PackVerification['checks'], ok: string) => {
    const state = result.checks[name];
    lines.push(`  ${LABEL[name].padEnd(11)}${state === 'failed' ? 'FAILED' : state === 'absent' ? 'none  ' : 'ok    '} ${ok}`);
  };
  line('files', `${result.stats.files} files against manifest.json (SHA-256, size, none missing or extra)`);
  line('signature', result.signer ? `ed25519 by key ${result.signer.fingerprint} (${result.signer.trusted === 'pubkey' ? 'the given --pubkey' : 'the key the pack carries'})` : 'the pack is not signed');
  line('assertions', `${result.stats.assertionsReevaluated} assertions of ${result.stats.stepsReevaluated}/${result.stats.steps} steps re-evaluated; ${result.notReevaluated.length} not re-evaluated`);
  line('verdict', 'recomputed and compared with summary.json and SUMMARY.md');
  for (const reveal of result.reveals) {
    const where = (rows: typeof reveal.matched) => [...new Set(rows.flatMap((r) => r.files))].slice(0, 5).join(', ');
    lines.push(`  reveal     ${reveal.ok ? 'ok    ' : 'FAILED'} ${reveal.name}: matches ${reveal.matched.length} commitment(s)${reveal.matched.length ? ` (${reveal.matched.reduce((n, r) => n + r.occurrences, 0)} markers in ${where(reveal.matched)})` : ''}; ${reveal.unmatched.length} other commitment(s) of that name do not match${reveal.unmatched.length ? ` (${where(reveal.unmatched)})` : ''}`);
  }
  if (result.failures.length) {
    lines.push('', `Failures (${result.failures.length}):`);
    for (const f of result.failures) lines.push(`  ✗ [${f.check}] ${f.message}`);
  }
  if (result.warnings.length) {
    lines.push('', `Warnings (${result.warnings.length}):`);
    for (const w of result.warnings) lines.push(`  ! [${w.check}] ${w.message}`);
  }
  if (result.notReevaluated.length) {
    lines.push('', 'Not re-evaluated (taken as recorded):');
    for (const n of result.notReevaluated.slice(0, 50)) lines.push(`  - ${n.scenario} / ${n.step} (${n.kind}): "${n.assertion}": ${n.why}`);
    if (result.notReevaluated.length > 50) lines.push(`  ... and ${result.notReevaluated.length - 50} more (see --json)`);
  }
  return lines.join('\n');
}
