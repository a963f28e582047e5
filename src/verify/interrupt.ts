/**
 * Ctrl+C during `reos verify`: the first SIGINT/SIGTERM aborts the run, which stops at the
 * next step and still writes the pack with what was recorded; a second one exits at once.
 */
import { EXIT } from '../errors.js';

export function abortOnSignal(controller: AbortController, notice: (message: string) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      notice(`Received ${signal} again: exiting now, no pack written.`);
      process.exit(EXIT.failed);
    }
    notice(`Received ${signal}: stopping the run; the pack will hold what ran so far (press Ctrl+C again to quit now).`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
