/**
 * Vitest's V8 coverage, plus the Node processes the tests spawn.
 *
 * The CLI tests run the built `bin/run.js` (esbuild bundles under dist/) and the services and
 * crash tests run `dist/stack/main.js` and friends as real processes: in-process coverage never
 * sees that code. While coverage runs, this provider names a directory that every test worker
 * hands to its children as NODE_V8_COVERAGE (test/support/coverage-v8/children.ts); Node writes
 * each child's V8 coverage there when it exits (not when it is SIGKILLed). At the end the
 * scripts under dist/ are mapped back through their source maps to src/ and stack/ and merged
 * into vitest's own coverage map, so the report and the thresholds see both.
 * Children run from TypeScript through tsx (test/support/*-child.ts) are not mapped: their
 * transformed code exists only in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mergeProcessCovs, type ProcessCov, type ScriptCov } from '@bcoe/v8-coverage';
import astV8ToIstanbul from 'ast-v8-to-istanbul';
import libCoverage, { type CoverageMap } from 'istanbul-lib-coverage';
import { V8CoverageProvider } from '@vitest/coverage-v8/dist/provider.js';
import { parseAstAsync, type ReportContext, type Vitest } from 'vitest/node';

/** Read by ./children.ts in the workers. */
const CHILD_COVERAGE_ENV = 'REOS_CHILD_COVERAGE_DIR';

export class WithChildProcesses extends V8CoverageProvider {
  private childDir = '';
  private ownsChildDir = true;

  override initialize(ctx: Vitest): void {
    super.initialize(ctx);
    // Set beforehand, it is kept as is: shards (`--shard`, blob reports) write into one directory
    // that `--merge-reports` then reads. Otherwise each run starts from an empty one.
    const given = process.env[CHILD_COVERAGE_ENV];
    this.childDir = given ? path.resolve(given) : path.join(this.options.reportsDirectory, '.children');
    if (!given) fs.rmSync(this.childDir, { recursive: true, force: true });
    fs.mkdirSync(this.childDir, { recursive: true });
    this.ownsChildDir = !given;
    // Read by the pool when it forks the workers (after this), never by the workers' own Node.
    process.env[CHILD_COVERAGE_ENV] = this.childDir;
  }

  override async generateCoverage(context: ReportContext): Promise<CoverageMap> {
    const coverageMap = await super.generateCoverage(context);
    const started = performance.now();
    const { map, processes, scripts } = await childCoverage(this.childDir, this.ctx.config.root, (file) => this.isIncluded(file));
    coverageMap.merge(map);
    this.ctx.logger.log(`Coverage: ${processes} child processes, ${scripts} dist/ scripts mapped to ${map.files().length} source files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (this.ownsChildDir && !process.env.REOS_KEEP_CHILD_COVERAGE) fs.rmSync(this.childDir, { recursive: true, force: true });
    return coverageMap;
  }
}

/** Reads every child's coverage file, keeps the scripts under dist/, and maps them to their sources. */
export async function childCoverage(dir: string, root: string, isIncluded: (file: string) => boolean) {
  const distUrl = pathToFileURL(path.join(root, 'dist')).href + '/';
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
  let merged: ProcessCov = { result: [] };
  let batch: ProcessCov[] = [];
  for (const name of files) {
    let parsed: ProcessCov;
    try {
      parsed = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as ProcessCov;
    } catch {
      continue; // a file a child was writing when it was killed
    }
    batch.push({ result: parsed.result.filter((script) => script.url.startsWith(distUrl)) });
    if (batch.length >= 50) {
      merged = mergeProcessCovs([merged, ...batch]);
      batch = [];
    }
  }
  merged = mergeProcessCovs([merged, ...batch]);

  const map = libCoverage.createCoverageMap({});
  for (const script of merged.result) map.merge(await scriptToIstanbul(script));
  map.filter((file: string) => fs.existsSync(file) && isIncluded(file));
  return { map, processes: files.length, scripts: merged.result.length };
}

async function scriptToIstanbul(script: ScriptCov): Promise<CoverageMap | Record<string, never>> {
  const file = fileURLToPath(script.url);
  const mapFile = `${file}.map`;
  if (!fs.existsSync(file) || !fs.existsSync(mapFile)) return {};
  const code = fs.readFileSync(file, 'utf8');
  const sourceMap = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  const base = new URL(sourceMap.sourceRoot || '', script.url);
  sourceMap.sources = (sourceMap.sources as string[]).map((source) => new URL(source, base).href);
  delete sourceMap.sourceRoot;
  const ast = await parseAstAsync(code);
  return (await astV8ToIstanbul({
    code,
    sourceMap,
    ast,
    coverage: { functions: script.functions, url: script.url },
    wrapperLength: 0,
  })) as unknown as CoverageMap;
}
