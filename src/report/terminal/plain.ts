/**
 * Plain progress for CI logs and pipes: one line per finished scenario (`PASS`, `FAIL`,
 * `SKIP`), and under a failure one indented line per failed step. No cursor movement.
 */
import type { ScenarioResult } from '../../model.js';
import type { Colors } from './colors.js';
import { failureLines, stepTally, type ProgressFactory } from './progress.js';

export function scenarioLine(result: ScenarioResult, colors: Colors, redact: (text: string) => string = (t) => t): string[] {
  const label = { passed: colors.green('PASS'), failed: colors.red('FAIL'), skipped: colors.yellow('SKIP') }[result.status];
  const head = `${label}  ${result.area} › ${result.name}  ${colors.dim(`${result.severity}, ${stepTally(result)}`)}`;
  const extra = result.status === 'skipped' && result.reason ? [`      ${colors.dim(result.reason)}`] : [];
  return [head, ...extra, ...(result.status === 'failed' ? failureLines(result).map((l) => `      ${colors.red('✗')} ${l}`) : [])].map(redact);
}

export function plainProgress(write: (line: string) => void, colors: Colors): ProgressFactory {
  return (_plan, context) => ({
    listener: {
      scenarioEnd(result) {
        for (const line of scenarioLine(result, colors, context.redact)) write(line);
      },
    },
    finish: async () => undefined,
  });
}
