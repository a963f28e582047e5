/**
 * Validates junit.xml with xmllint (Debian libxml2-utils) against the Ant / Jenkins JUnit.xsd
 * kept in test/fixtures/junit/. Tests skip with a message when xmllint is missing, except under
 * CI=true (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCHEMA = path.resolve(import.meta.dirname, '../fixtures/junit/JUnit.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** True when the caller should skip (and says why once); never under CI=true. */
export function skipSchemaTests(what: string): boolean {
  if (hasXmllint || process.env.CI === 'true') return false;
  console.warn(`[skip] ${what}: xmllint is not installed (apt-get install -y libxml2-utils).`);
  return true;
}

/** xmllint's complaints about `xml`, or [] when it is valid against the JUnit schema. */
export function junitSchemaProblems(xml: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-junit-'));
  const file = path.join(dir, 'junit.xml');
  fs.writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (result.error) return [`xmllint could not run: ${result.error.message}`];
  return result.status === 0 ? [] : result.stderr.split('\n').filter((line) => line.trim() && !line.endsWith('fails to validate'));
}
