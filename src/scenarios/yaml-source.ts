/**
 * A scenario file parsed with positions: the YAML document and its LineCounter, so any path
 * into the data (an Ajv instancePath, a step's spec node, a `${{ }}` inside a string) can be
 * turned into a 1-based line and column. Parsing does no I/O.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { SourceLocation } from '../model.js';

export interface Position {
  line: number;
  column: number;
}

export interface SyntaxProblem extends Position {
  message: string;
}

export type PathSegment = string | number;

export class YamlSource {
  readonly doc: Document;
  readonly lineCounter = new LineCounter();
  readonly data: unknown;
  readonly syntaxProblems: SyntaxProblem[];

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    this.syntaxProblems = this.doc.errors.map((error) => ({ ...this.at(error.pos[0]), message: error.message.split('\n')[0] }));
    this.data = this.syntaxProblems.length ? undefined : this.doc.toJS({ maxAliasCount: 100 });
  }

  at(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /** The node at `path`, or the deepest existing node on the way there, and its key node. */
  private walk(path: readonly PathSegment[]): { node: Node | null; key: Node | null; complete: boolean } {
    let node = this.doc.contents as Node | null;
    let key: Node | null = null;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
        if (!pair) return { node, key, complete: false };
        key = isScalar(pair.key) ? pair.key : null;
        node = (pair.value as Node | null) ?? key;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)] as Node | undefined;
        if (!item) return { node, key, complete: false };
        key = null;
        node = item;
      } else {
        return { node, key, complete: false };
      }
    }
    return { node, key, complete: true };
  }

  /** Where the value at `path` starts (its key with `key: true`); the nearest parent if absent. */
  position(path: readonly PathSegment[], options: { key?: boolean } = {}): Position {
    const { node, key, complete } = this.walk(path);
    const target = options.key && complete && key ? key : node;
    return target?.range ? this.at(target.range[0]) : { line: 1, column: 1 };
  }

  /** Where a key that exists under `parent` is written (for "unknown property" messages). */
  keyPosition(parent: readonly PathSegment[], key: string): Position {
    return this.position([...parent, key], { key: true });
  }

  /** The position of character `index` inside the string at `path` (exact for one-line scalars). */
  positionInString(path: readonly PathSegment[], index: number): Position {
    const { node, complete } = this.walk(path);
    if (!complete || !isScalar(node) || !node.range) return this.position(path);
    if (node.type === 'PLAIN') return this.at(node.range[0] + index);
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return this.at(node.range[0] + 1 + index);
    return this.at(node.range[0]);
  }

  location(path: readonly PathSegment[]): SourceLocation {
    return { file: this.file, ...this.position(path) };
  }

  /** Every node under `path`, keyed by JSON Pointer relative to it: a step's `locations`. */
  locationsUnder(path: readonly PathSegment[]): Record<string, SourceLocation> {
    const out: Record<string, SourceLocation> = {};
    const visit = (node: unknown, pointer: string) => {
      if (!node || typeof node !== 'object' || !('range' in node)) return;
      const range = (node as Node).range;
      if (range) out[pointer] = { file: this.file, ...this.at(range[0]) };
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          visit(pair.value, `${pointer}/${escapePointer(key)}`);
        }
      } else if (isSeq(node)) node.items.forEach((item, i) => visit(item, `${pointer}/${i}`));
    };
    visit(this.walk(path).node, '');
    return out;
  }
}

export function escapePointer(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointerToPath(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}
