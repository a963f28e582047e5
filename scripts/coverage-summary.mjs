#!/usr/bin/env node
/**
 * Line coverage per folder, from vitest's coverage/coverage-summary.json (`npm test` writes it):
 * src/ and stack/, each of their folders, and the total. Printed by .ci/run after the tests.
 *
 *   node scripts/coverage-summary.mjs [coverage/coverage-summary.json] [--depth 2]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { depth: { type: 'string', default: '2' } } });
const file = positionals[0] ?? 'coverage/coverage-summary.json';
if (!fs.existsSync(file)) {
  console.log(`coverage: no ${file} (the test run stopped before coverage was written)`);
  process.exit(0);
}
const summary = JSON.parse(fs.readFileSync(file, 'utf8'));
const depth = Number(values.depth);
const folders = new Map();
const add = (key, lines) => {
  const f = folders.get(key) ?? { covered: 0, total: 0, files: 0 };
  f.covered += lines.covered;
  f.total += lines.total;
  f.files += 1;
  folders.set(key, f);
};
for (const [name, data] of Object.entries(summary)) {
  if (name === 'total') continue;
  const parts = path.relative(process.cwd(), name).split(path.sep);
  for (let d = 1; d <= depth && d < parts.length; d++) add(parts.slice(0, d).join('/') + '/', data.lines);
}
const pct = (f) => (f.total ? (100 * f.covered) / f.total : 100).toFixed(1).padStart(6);
console.log('\ncoverage (lines) by folder:');
for (const [key, f] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  const indent = '  '.repeat(key.split('/').length - 2);
  console.log(`  ${(indent + key).padEnd(36)}${pct(f)}%  ${String(f.covered).padStart(6)} / ${String(f.total).padEnd(6)} ${f.files} files`);
}
const total = summary.total.lines;
console.log(`  ${'total'.padEnd(36)}${total.pct.toFixed(1).padStart(6)}%  ${String(total.covered).padStart(6)} / ${total.total}`);
