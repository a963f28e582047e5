#!/usr/bin/env node
/**
 * Writes the scenario schema's Ajv validator as standalone code into dist/scenario-validator/
 * (run by `npm run build`, after tsc): a machine's first `reos verify` then skips the 50-170 ms
 * compile it would otherwise pay before its cache is filled. See src/scenarios/compiled-validator.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'dist', 'scenario-validator');
fs.rmSync(dir, { recursive: true, force: true });
const { writeScenarioValidator } = await import(path.join(root, 'dist/src/scenarios/validate.js'));
console.log(`wrote ${path.relative(root, writeScenarioValidator(dir))}`);
