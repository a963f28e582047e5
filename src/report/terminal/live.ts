/**
 * Live progress on a TTY with listr2: one task per area, one subtask per scenario, the current
 * step shown under a running scenario. The runner drives execution; each listr task only waits
 * for its scenario's result, so listr2 draws and the runner decides order and concurrency.
 */
import type { ScenarioDefinition, ScenarioResult } from '../../model.js';
import type { Colors } from './colors.js';
import { failureLines, stepTally, type ProgressFactory } from './progress.js';

const key = (s: { name: string; file: string }) => `${s.file}\u0000${s.name}`;

interface Waiting {
  promise: Promise<ScenarioResult | undefined>;
  resolve(result: ScenarioResult | undefined): void;
  output?: (text: string) => void;
}

function waiting(): Waiting {
  let resolve!: (r: ScenarioResult | undefined) => void;
  const promise = new Promise<ScenarioResult | undefined>((r) => (resolve = r));
  return { promise, resolve };
}

export function liveProgress(colors: Colors): ProgressFactory {
  return (plan, context) => {
    const waits = new Map<string, Waiting>(plan.map((s) => [key(s), waiting()]));
    const areas = [...new Set(plan.map((s) => s.area))];
    const rendering = (async () => {
      const { Listr } = await import('listr2');
      const scenarioTask = (scenario: ScenarioDefinition) => ({
        title: `${scenario.name} ${colors.dim(scenario.severity)}`,
        task: async (_ctx: unknown, task: { title: string; output: string; skip(message?: string): void }) => {
          const wait = waits.get(key(scenario))!;
          wait.output = (text) => (task.output = context.redact(text));
          const result = await wait.promise;
          if (!result || result.status === 'skipped') return task.skip(`${scenario.name}: skipped${result?.reason ? ` (${context.redact(result.reason)})` : ''}`);
          task.title = `${scenario.name} ${colors.dim(`${scenario.severity}, ${stepTally(result)}`)}`;
          if (result.status === 'failed') throw new Error(context.redact(failureLines(result).join('\n')));
        },
      });
      const tasks = new Listr(
        areas.map((area) => ({
          title: area,
          task: (_ctx: unknown, task: { newListr: (t: unknown[], o: unknown) => unknown }) =>
            task.newListr(plan.filter((s) => s.area === area).map(scenarioTask), { concurrent: true, exitOnError: false }),
        })) as never,
        { concurrent: true, exitOnError: false, registerSignalListeners: false, rendererOptions: { collapseSubtasks: false, collapseErrors: false } },
      );
      await tasks.run().catch(() => undefined);
    })();
    return {
      listener: {
        stepStart(scenario, step) {
          waits.get(key(scenario))?.output?.(`${step.id}${step.name ? `: ${step.name}` : ''}`);
        },
        scenarioEnd(result) {
          waits.get(key(result))?.resolve(result);
        },
      },
      async finish() {
        // A scenario the runner never reported (aborted run) is shown as skipped.
        for (const wait of waits.values()) wait.resolve(undefined);
        await rendering;
      },
    };
  };
}
