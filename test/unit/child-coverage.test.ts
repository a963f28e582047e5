/**
 * The coverage of spawned processes (test/support/coverage-v8): a built CLI run under
 * NODE_V8_COVERAGE is mapped back through dist/'s source maps to the TypeScript it ran, with
 * the lines it ran counted and the ones it skipped not. If the build stopped writing source
 * maps, or the bundle's layout changed under the mapping, CLI code would silently drop out of
 * `npm test`'s coverage figure: this fails instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childCoverage } from '../support/coverage-v8/provider.js';
import { removeTemps, root, runReos, tempDir } from '../cli/helpers.js';

afterAll(removeTemps);

describe('coverage of the processes the tests spawn', () => {
  it('maps a built `reos status --json` back to src/, counting what ran and not what did not', { timeout: 120_000 }, async () => {
    const dir = tempDir('reos-v8-');
    const result = await runReos(['status', '--json'], { env: { NODE_V8_COVERAGE: dir } });
    expect(result.code, result.stderr).toBe(1); // nothing running here
    expect(fs.readdirSync(dir).some((name) => name.endsWith('.json'))).toBe(true);

    const { map, processes } = await childCoverage(dir, root, (file) => /\/(src|stack)\/.*(?<!\.test)\.ts$/.test(file));
    expect(processes).toBeGreaterThanOrEqual(1);
    const lines = (file: string) => {
      const summary = (map as unknown as { fileCoverageFor(f: string): { toSummary(): { lines: { covered: number; total: number } } } })
        .fileCoverageFor(path.join(root, file))
        .toSummary().lines;
      return summary;
    };
    expect(map.files().every((file) => file.startsWith(path.join(root, 'src')) || file.startsWith(path.join(root, 'stack')))).toBe(true);
    const command = lines('src/commands/status.ts');
    expect(command.covered).toBeGreaterThan(0);
    // The state file reader ran its "no state file" path, not all of it.
    const state = lines('src/runtime/lifecycle/state.ts');
    expect(state.covered).toBeGreaterThan(0);
    expect(state.covered).toBeLessThan(state.total);
  });
});
