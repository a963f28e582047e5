#!/usr/bin/env node
/**
 * Bundles the CLI for start-up speed (issue 4's benchmark: `reos verify --target` within 1.5x a
 * plain undici script, its own start included). Run by `npm run build` after tsc.
 *
 * Node spends most of a short command's start resolving, reading and compiling hundreds of small
 * module files (@oclif/core and semver alone are ~110 CommonJS files, yaml ~70, undici ~110). Here
 * every command file becomes one esbuild entry written over tsc's dist/src/commands/<id>.js (so
 * oclif's manifest and `bin/dev.js`'s dist -> src mapping are unchanged), with @oclif/core, the
 * CLI's own modules and its light dependencies in shared chunks under dist/cli/; dynamic imports
 * (the embedded stack, listr2, the runner) stay separate chunks loaded only when reached.
 * `bin/run.js` takes oclif's `execute` from the same chunk (dist/src/oclif-entry.js), so one
 * @oclif/core instance serves both.
 *
 * Packages that load files beside themselves (PGlite's wasm, swagger-ui's assets, pino's worker
 * transports), native or optional ones, and the stack's server-side libraries stay external:
 * Node resolves them from node_modules as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Loaded from node_modules at run time, never bundled. */
const EXTERNAL = [
  '@electric-sql/pglite', 'pg', 'drizzle-orm', 'hono', '@hono/node-server', '@hono/zod-openapi', 'zod',
  'pino', 'jose', 'ioredis', 'smtp-server', 'nodemailer', 'mailparser', 'prom-client',
  'rate-limiter-flexible', 'swagger-ui-dist', 'ajv', 'ajv-formats', 'jszip', 'execa', 'dockerode',
  '@aws-sdk/client-s3', 'pdf-lib', '@inquirer/prompts', 'playwright-core', 'fast-check', 's3rver',
  // @oclif/core's TypeScript support (bin/dev.js): never needed by the built CLI.
  'typescript', 'ts-node', 'tsx',
];

function commandFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return commandFiles(file);
    return /\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name) ? [file] : [];
  });
}

const entryPoints = [path.join(root, 'src/oclif-entry.ts'), ...commandFiles(path.join(root, 'src/commands'))];

await build({
  entryPoints,
  outdir: path.join(root, 'dist'),
  outbase: root,
  entryNames: '[dir]/[name]',
  chunkNames: 'cli/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  // @oclif/core and its dependencies are CommonJS: give their require() calls a real require.
  banner: { js: "import { createRequire as __reosCreateRequire } from 'node:module'; const require = __reosCreateRequire(import.meta.url);" },
});
