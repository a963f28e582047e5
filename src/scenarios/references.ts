/**
 * Checks that need every loaded scenario: unique names, `requires` naming a loaded scenario or
 * a known capability, no requirement cycles, and every `${{ }}` reference pointing at
 * something that will exist when the step runs (an earlier step and one of its captures, a
 * required scenario's step and capture, a declared run variable).
 */
import { CAPABILITIES, checkKinds } from '../checks/index.js';
import type { ScenarioDefinition, StepDefinition } from '../model.js';
import type { BuiltScenario, LocatedReference } from './build.js';
import { problemAt, type ScenarioProblem } from './problems.js';

const isCapability = (name: string) => (CAPABILITIES as readonly string[]).includes(name);

function capturesOf(step: StepDefinition): string[] | undefined {
  return checkKinds.get(step.kind)?.captures?.(step.spec);
}

function checkCapture(step: StepDefinition, capture: string, where: string): { message: string; expected: string } | undefined {
  const names = capturesOf(step);
  if (!names || names.includes(capture)) return undefined;
  return { message: `${where} has no capture "${capture}"`, expected: `one of its captures: ${names.join(', ')}` };
}

function checkReference(scenario: BuiltScenario, ref: LocatedReference, byName: Map<string, BuiltScenario>): { message: string; expected?: string } | undefined {
  const { reference } = ref;
  const steps = scenario.definition.steps;
  if (reference.root === 'steps') {
    const index = steps.findIndex((s) => s.id === reference.step);
    const earlier = steps.slice(0, ref.stepIndex).map((s) => s.id);
    const expected = earlier.length ? `an earlier step's id: ${earlier.join(', ')}` : 'no step reference (this is the first step)';
    if (index < 0) return { message: `\${{ ${reference.text} }} reads step "${reference.step}", which does not exist in this scenario`, expected };
    if (index >= ref.stepIndex) return { message: `\${{ ${reference.text} }} reads step "${reference.step}", which runs ${index === ref.stepIndex ? 'as this step' : 'after this one'}`, expected };
    return checkCapture(steps[index], reference.capture, `step "${reference.step}"`);
  }
  if (reference.root === 'scenarios') {
    if (!scenario.definition.requires.includes(reference.scenario)) {
      return { message: `\${{ ${reference.text} }} reads scenario "${reference.scenario}", which this scenario does not require`, expected: `"${reference.scenario}" listed in requires` };
    }
    const other = byName.get(reference.scenario);
    if (!other) return undefined; // reported at the requires entry
    const step = other.definition.steps.find((s) => s.id === reference.step);
    if (!step) return { message: `\${{ ${reference.text} }} reads step "${reference.step}", which scenario "${reference.scenario}" does not have`, expected: `one of its steps: ${other.definition.steps.map((s) => s.id).join(', ')}` };
    return checkCapture(step, reference.capture, `step "${reference.step}" of scenario "${reference.scenario}"`);
  }
  if (reference.root === 'targets' && reference.index > 0 && !scenario.definition.requires.includes('replicas')) {
    return { message: `\${{ ${reference.text} }} reads a second target, but this scenario does not require replicas`, expected: '"replicas" listed in requires, so the scenario is reported as not run with a single --target' };
  }
  return undefined;
}

function cycleFrom(start: string, byName: Map<string, BuiltScenario>): string[] | undefined {
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (trail.includes(name)) return [...trail.slice(trail.indexOf(name)), name];
    const next = byName.get(name)?.definition.requires.filter((r) => byName.has(r)) ?? [];
    for (const r of next) {
      const cycle = visit(r, [...trail, name]);
      if (cycle) return cycle;
    }
    return undefined;
  };
  const cycle = visit(start, []);
  return cycle && cycle[0] === start ? cycle : undefined;
}

/** Problems across the loaded set; `byName` maps each scenario name to its first definition. */
export function crossCheck(scenarios: BuiltScenario[]): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const byName = new Map<string, BuiltScenario>();
  for (const s of scenarios) {
    const first = byName.get(s.definition.name);
    const at = s.source.position(['name']);
    if (first) problems.push(problemAt(s.source.file, at, `scenario name "${s.definition.name}" is already used by ${first.source.file}:${first.definition.location.line}`, 'a name unique across the loaded scenarios'));
    else byName.set(s.definition.name, s);
  }
  for (const s of scenarios) {
    const { definition, source } = s;
    definition.requires.forEach((name, i) => {
      if (byName.get(name)?.definition.isolated) {
        problems.push(problemAt(source.file, source.position(['requires', i]), `requires "${name}", which is isolated (it runs last, alone)`, 'a scenario that is not isolated'));
      }
      if (!byName.has(name) && !isCapability(name)) {
        problems.push(problemAt(source.file, source.position(['requires', i]), `requires "${name}", which is neither a loaded scenario nor a known capability`, `a scenario name among the loaded files (add its file), or one of: ${CAPABILITIES.join(', ')}`));
      }
    });
    const cycle = cycleFrom(definition.name, byName);
    if (cycle && byName.get(definition.name) === s) {
      const i = definition.requires.indexOf(cycle[1]);
      problems.push(problemAt(source.file, source.position(['requires', i]), `requires form a cycle: ${cycle.join(' -> ')}`, 'requirements that end somewhere'));
    }
    for (const ref of s.references) {
      const problem = checkReference(s, ref, byName);
      if (problem) problems.push(problemAt(source.file, ref.position, problem.message, problem.expected));
    }
  }
  return problems;
}

/** Scenario names `requires` mentions that are not loaded and are not capabilities. */
export function missingRequirements(scenarios: ScenarioDefinition[]): Set<string> {
  const names = new Set(scenarios.map((s) => s.name));
  return new Set(scenarios.flatMap((s) => s.requires).filter((r) => !names.has(r) && !isCapability(r)));
}
