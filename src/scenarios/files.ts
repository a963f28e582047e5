/**
 * Which files a list of patterns means: a file, a directory (its *.yaml / *.yml, recursively,
 * leaving out `demo/` and `pending/` below it, and `security/` below the shipped folder) or a glob (`*`, `**`, `?`, `{a,b}`). Also where
 * the package's shipped scenarios are, whether reos runs from source or from dist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCENARIO_FILE = /\.ya?ml$/i;
/** Folders that hold scenarios not meant for a default run. */
const EXCLUDED_BELOW = new Set(['demo', 'pending', 'node_modules', '.git']);
/**
 * Packs shipped beside the default scenarios that run only when named (`--scenarios
 * scenarios/security`): the OWASP pack's login and request bursts would spend the budget the
 * default run's logins need, and it is a separate question (docs/security-pack.md).
 */
const SHIPPED_PACKS = new Set(['security']);

let root: string | undefined;

/** The directory holding reos's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'scenarios'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the reos package root (a folder with package.json and scenarios/)');
    dir = parent;
  }
  root = dir;
  return dir;
}

/** The package's shipped `scenarios/` folder. */
export function shippedScenariosDir(): string {
  return path.join(packageRoot(), 'scenarios');
}

function walk(dir: string, exclude: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!exclude.has(entry.name)) out.push(...walk(full, exclude));
    } else if (entry.isFile() && SCENARIO_FILE.test(entry.name)) out.push(full);
  }
  return out;
}

const GLOB_CHARS = /[*?{[]/;

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) source += '\\{';
      else {
        source += `(?:${glob.slice(i + 1, end).split(',').map((p) => p.replace(/[.+^$()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')).join('|')})`;
        i = end;
      }
    } else source += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function expandGlob(pattern: string, cwd: string): string[] {
  const absolute = path.resolve(cwd, pattern).split(path.sep).join('/');
  const parts = absolute.split('/');
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, firstGlob).join('/') || '/';
  if (!fs.existsSync(base) || !fs.statSync(base).isDirectory()) return [];
  const matcher = globToRegExp(parts.slice(firstGlob).join('/'));
  return walk(base, new Set()).filter((file) => matcher.test(path.relative(base, file).split(path.sep).join('/')));
}

/** Folders a directory walk leaves out: demo/ and pending/ anywhere, the packs below the shipped folder. */
function excludedBelow(dir: string): ReadonlySet<string> {
  return path.resolve(dir) === path.resolve(shippedScenariosDir()) ? new Set([...EXCLUDED_BELOW, ...SHIPPED_PACKS]) : EXCLUDED_BELOW;
}

export interface ExpandedFiles {
  files: string[];
  /** Patterns that matched nothing. */
  unmatched: string[];
}

export function expandPatterns(patterns: string[], cwd: string): ExpandedFiles {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    let found: string[] = [];
    const resolved = path.resolve(cwd, pattern);
    if (GLOB_CHARS.test(pattern)) found = expandGlob(pattern, cwd);
    else if (fs.existsSync(resolved)) found = fs.statSync(resolved).isDirectory() ? walk(resolved, excludedBelow(resolved)) : [resolved];
    if (found.length === 0) unmatched.push(pattern);
    for (const file of found) files.add(path.resolve(file));
  }
  return { files: [...files].sort(), unmatched };
}
