/**
 * What `bin/run.js` takes from @oclif/core. Built as its own esbuild entry (scripts/bundle-cli.mjs)
 * so the launcher and the bundled commands share one copy of oclif.
 */
export { execute } from '@oclif/core';
