/**
 * The colour level for terminal output. chalk 5 ignores NO_COLOR on a real terminal, so it is
 * honoured here: NO_COLOR (any non-empty value) means no colour; so does a stream that is not
 * a TTY, unless FORCE_COLOR asks for it.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import chalk from 'chalk';

export type Colors = ChalkInstance;

export function colorLevel(options: { isTTY: boolean; env: Record<string, string | undefined> }): 0 | 1 | 2 | 3 {
  const { env } = options;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined && forced !== '' && forced !== '0' && forced !== 'false') return chalk.level || 1;
  if (!options.isTTY) return 0;
  return chalk.level;
}

export function createColors(options: { isTTY: boolean; env: Record<string, string | undefined> }): Colors {
  return new Chalk({ level: colorLevel(options) });
}
