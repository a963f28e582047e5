/** The --auto driver: no prompts, a pause of `paceMs` between steps, recordings shown at once on failure. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Driver } from './show-loop.js';

export function autoDriver(options: { paceMs: number; signal?: AbortSignal }): Driver {
  return {
    showRecordedAtOnce: true,
    async decide(moment) {
      if (options.signal?.aborted) return 'quit';
      if (moment.last && moment.next && options.paceMs > 0) await sleep(options.paceMs, undefined, { signal: options.signal }).catch(() => undefined);
      return options.signal?.aborted ? 'quit' : 'next';
    },
  };
}
