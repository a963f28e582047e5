/**
 * Reads a step back from its transcript in a pack (the `step` of a `reos-transcript` file), for
 * the reporters that show more than summary.json holds: exchanges, assertions, the YAML line.
 */
import type { StepResult } from '../model.js';

/** The recorded step, or undefined when the transcript is missing or unreadable. */
export function transcriptStep(files: ReadonlyMap<string, Uint8Array>, path: string): StepResult | undefined {
  const data = files.get(path);
  if (!data) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as { step?: StepResult };
    return parsed.step && Array.isArray(parsed.step.exchanges) && Array.isArray(parsed.step.assertions) ? parsed.step : undefined;
  } catch {
    return undefined;
  }
}
