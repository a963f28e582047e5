/**
 * A response body for an audience: JSON pretty-printed and coloured (keys, strings, numbers),
 * folded to what matters when long (long lists show their first items, deep objects collapse,
 * long strings are cut), with `folded` telling the caller a key to expand is worth offering.
 */
import type { ChalkInstance } from 'chalk';

export interface ViewOptions {
  /** Fold long content; false shows everything. */
  fold: boolean;
  maxItems?: number;
  maxDepth?: number;
  maxString?: number;
  maxLines?: number;
}

export interface View {
  text: string;
  folded: boolean;
}

const DEFAULTS = { maxItems: 3, maxDepth: 3, maxString: 100, maxLines: 30 };

export function viewBody(body: unknown, colors: ChalkInstance, options: ViewOptions): View {
  const limits = { ...DEFAULTS, ...options };
  let folded = false;
  const pad = (n: number) => '  '.repeat(n);
  const scalar = (value: unknown): string => {
    if (typeof value === 'string') {
      const cut = options.fold && value.length > limits.maxString;
      if (cut) folded = true;
      return colors.green(JSON.stringify(cut ? `${value.slice(0, limits.maxString)}…` : value));
    }
    if (typeof value === 'number') return colors.yellow(String(value));
    if (typeof value === 'boolean') return colors.magenta(String(value));
    return colors.dim('null');
  };
  const render = (value: unknown, depth: number): string[] => {
    if (value === null || typeof value !== 'object') return [scalar(value)];
    const isArray = Array.isArray(value);
    const entries: Array<[string | undefined, unknown]> = isArray ? value.map((v) => [undefined, v]) : Object.entries(value);
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return [`${open}${close}`];
    if (options.fold && depth >= limits.maxDepth) {
      folded = true;
      return [colors.dim(`${open}… ${entries.length} ${isArray ? 'item' : 'key'}${entries.length === 1 ? '' : 's'}${close}`)];
    }
    const shown = options.fold && isArray && entries.length > limits.maxItems ? entries.slice(0, limits.maxItems) : entries;
    const lines = [open];
    shown.forEach(([key, inner], i) => {
      const [first, ...rest] = render(inner, depth + 1);
      const comma = i < shown.length - 1 || shown.length < entries.length ? ',' : '';
      const label = key === undefined ? '' : `${colors.cyan(JSON.stringify(key))}: `;
      if (rest.length === 0) lines.push(`${pad(1)}${label}${first}${comma}`);
      else lines.push(`${pad(1)}${label}${first}`, ...rest.slice(0, -1).map((l) => `${pad(1)}${l}`), `${pad(1)}${rest.at(-1)}${comma}`);
    });
    if (shown.length < entries.length) {
      folded = true;
      lines.push(`${pad(1)}${colors.dim(`… ${entries.length - shown.length} more item${entries.length - shown.length === 1 ? '' : 's'}`)}`);
    }
    lines.push(close);
    return lines;
  };
  let lines = typeof body === 'string' ? body.split('\n') : render(body, 0);
  if (options.fold && lines.length > limits.maxLines) {
    folded = true;
    lines = [...lines.slice(0, limits.maxLines), colors.dim(`… ${lines.length - limits.maxLines} more lines`)];
  }
  return { text: lines.join('\n'), folded };
}
