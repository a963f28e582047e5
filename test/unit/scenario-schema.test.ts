import fs from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkKinds, scenarioJsonSchema } from '../../src/checks/index.js';
import { renderScenarioSchema, scenarioSchemaPath } from '../../src/checks/schema-file.js';

describe('scenario JSON Schema', () => {
  it('the committed scenarios/schema/scenario.schema.json equals what scenarioJsonSchema() generates', () => {
    const committed = fs.readFileSync(scenarioSchemaPath(), 'utf8');
    // On failure, regenerate it: npx tsx src/checks/schema-file.ts
    expect(committed).toBe(renderScenarioSchema());
  });

  it('has one step definition per registered kind, built from its fragment', () => {
    const schema = scenarioJsonSchema() as { $defs: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    for (const [name, kind] of checkKinds) {
      const def = schema.$defs[`step-${name}`];
      expect(def, name).toBeDefined();
      expect(def.required).toContain(name);
      expect(Object.keys(def.properties ?? {})).toEqual(expect.arrayContaining(['id', 'name', 'timeoutMs', ...Object.keys((kind.schema as { properties: object }).properties)]));
    }
  });

  it('compiles with Ajv in strict mode and accepts a minimal scenario', () => {
    const validate = new Ajv({ strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true }).compile(scenarioJsonSchema());
    expect(validate({ name: 'a', area: 'health', severity: 'minor', steps: [{ id: 's', http: { url: '/x' } }] })).toBe(true);
    expect(validate({ name: 'a', area: 'health', severity: 'minor', steps: [{ id: 's', http: { url: '/x' }, burst: { count: 1, request: { url: '/x' } } }] })).toBe(false);
  });
});
