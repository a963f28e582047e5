/**
 * The order scenarios run in: up to `concurrency` at once, a scenario only after the scenarios
 * it requires, an isolated one alone once every other has finished, and none after a stop
 * (bail or abort), those being handed to `skip` instead. Knows nothing about HTTP.
 */
import type { ScenarioDefinition, ScenarioResult } from '../model.js';

export interface ScheduleHooks {
  run(scenario: ScenarioDefinition): Promise<ScenarioResult>;
  /** Records a scenario that will not run, with why. */
  skip(scenario: ScenarioDefinition, reason: string): void;
  /** Why a scenario cannot run at all here (a missing capability), if so. */
  unavailable(scenario: ScenarioDefinition): string | undefined;
  /** Why nothing more should start (bail after a failure, an abort), if so. */
  stopReason(): string | undefined;
}

export function schedule(scenarios: ScenarioDefinition[], concurrency: number, hooks: ScheduleHooks): Promise<void> {
  const names = new Set(scenarios.map((s) => s.name));
  const pending = [...scenarios];
  const finished = new Set<string>();
  let running = 0;
  let isolatedRunning = false;

  const ready = (s: ScenarioDefinition) =>
    !isolatedRunning &&
    (!s.isolated || (running === 0 && pending.every((p) => p.isolated))) &&
    s.requires.every((r) => !names.has(r) || finished.has(r));

  const skip = (s: ScenarioDefinition, reason: string) => {
    hooks.skip(s, reason);
    finished.add(s.name);
  };

  return new Promise<void>((resolve) => {
    /** Starts (or skips) what is ready; true when anything moved. */
    const startReady = (): boolean => {
      const next = pending.find(ready);
      if (!next || running >= concurrency) return false;
      pending.splice(pending.indexOf(next), 1);
      const unavailable = hooks.unavailable(next);
      if (unavailable) {
        skip(next, unavailable);
        return true;
      }
      running += 1;
      isolatedRunning = next.isolated === true;
      void hooks.run(next).then(() => {
        running -= 1;
        isolatedRunning = false;
        finished.add(next.name);
        pump();
      });
      return true;
    };
    const pump = () => {
      const stop = hooks.stopReason();
      if (stop) while (pending.length) skip(pending.shift()!, stop);
      while (startReady());
      // Only a requires cycle (which loadScenarios rejects) can leave scenarios unstartable.
      if (running === 0) while (pending.length) skip(pending.shift()!, 'its required scenarios could not run (requires cycle)');
      if (running === 0 && pending.length === 0) resolve();
    };
    pump();
  });
}
