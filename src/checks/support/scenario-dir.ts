/**
 * The folder of the running scenario's file: what relative fixture paths (multipart files,
 * `sameAsFile`) resolve against. Step locations name the file relative to the working directory
 * the scenarios were loaded from (`reos verify` loads from process.cwd()) or absolutely.
 */
import path from 'node:path';
import type { CheckContext } from '../../model.js';

export function scenarioDir(ctx: Pick<CheckContext, 'locate'>): string {
  const file = ctx.locate([]).file;
  return file ? path.dirname(path.resolve(file)) : process.cwd();
}
