/**
 * vitest's `coverage.customProviderModule`: @vitest/coverage-v8 as is in the workers, and in the
 * main process a provider that also maps the coverage of spawned Node processes (./provider.ts).
 */
import v8 from '@vitest/coverage-v8';

export default {
  ...v8,
  async getProvider() {
    const { WithChildProcesses } = await import('./provider.js');
    return new WithChildProcesses();
  },
};
