/**
 * The terminal reporter of `reos verify`: picks live (TTY) or plain (CI, pipes) progress,
 * the colour level, and formats the final block.
 */
import { createColors, type Colors } from './colors.js';
import { liveProgress } from './live.js';
import { plainProgress } from './plain.js';
import type { ProgressFactory } from './progress.js';

export { colorLevel, createColors, type Colors } from './colors.js';
export { formatFinal } from './final.js';
export { scenarioLine } from './plain.js';
export type { ProgressContext, ProgressFactory, ProgressListener, RunProgress } from './progress.js';

/** Live listr2 tasks on a TTY outside CI, else one plain line per scenario. */
export function terminalProgress(options: { isTTY: boolean; env: Record<string, string | undefined>; write: (line: string) => void; colors?: Colors }): ProgressFactory {
  const colors = options.colors ?? createColors(options);
  const ci = options.env.CI !== undefined && options.env.CI !== '' && options.env.CI !== 'false' && options.env.CI !== '0';
  return options.isTTY && !ci ? liveProgress(colors) : plainProgress(options.write, colors);
}
