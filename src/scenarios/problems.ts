/**
 * A problem found while loading scenarios: where (file, 1-based line and column), what is
 * wrong, what was expected. Loading collects every problem rather than stopping at the first.
 */
import type { Position } from './yaml-source.js';

export interface ScenarioProblem {
  file: string;
  /** 1-based; 0 when the problem is about the file as a whole (unreadable, matched nothing). */
  line: number;
  column: number;
  message: string;
  expected?: string;
}

/** `file:line:column: what is wrong, expected what` (the form editors and CI annotations read). */
export function formatProblem(p: ScenarioProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return `${where}: ${p.message}${p.expected ? `, expected ${p.expected}` : ''}`;
}

export function problemAt(file: string, position: Position, message: string, expected?: string): ScenarioProblem {
  return { file, line: position.line, column: position.column, message, ...(expected ? { expected } : {}) };
}

export function sortProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = formatProblem(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
