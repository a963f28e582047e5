/**
 * The committed scenario JSON Schema (`scenarios/schema/scenario.schema.json`) is generated
 * from scenarioJsonSchema(); a unit test fails when the two drift. Regenerate it with
 * `npx tsx src/checks/schema-file.ts`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { shippedScenariosDir } from '../scenarios/files.js';
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

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = await writeScenarioSchema();
  console.log(`wrote ${file}`);
}
