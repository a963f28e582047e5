/**
 * The committed scenario JSON Schema (`scenarios/schema/scenario.schema.json`) is generated
 * from scenarioJsonSchema(), and the run-of-show schema beside it from showJsonSchema() (which
 * embeds the same step definitions); unit tests fail when they drift. Regenerate both with
 * `npm run schema:generate`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { shippedScenariosDir } from '../scenarios/files.js';
import { showJsonSchema } from '../demo/show/schema.js';
import { scenarioJsonSchema } from './index.js';

export function scenarioSchemaPath(): string {
  return path.join(shippedScenariosDir(), 'schema', 'scenario.schema.json');
}

/** The file's exact expected text: 2-space JSON and a final newline. */
export function renderScenarioSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export async function writeScenarioSchema(file = scenarioSchemaPath()): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, renderScenarioSchema());
  return file;
}

export function showSchemaPath(): string {
  return path.join(shippedScenariosDir(), 'schema', 'run-of-show.schema.json');
}

export function renderShowSchema(): string {
  return `${JSON.stringify(showJsonSchema(), null, 2)}\n`;
}

export async function writeShowSchema(file = showSchemaPath()): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, renderShowSchema());
  return file;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const file of [await writeScenarioSchema(), await writeShowSchema()]) console.log(`wrote ${file}`);
}
