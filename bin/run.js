#!/usr/bin/env node
// oclif's execute from the bundled CLI (scripts/bundle-cli.mjs): the same @oclif/core copy as the commands.
const { execute } = await import('../dist/src/oclif-entry.js');

await execute({ dir: import.meta.url });
