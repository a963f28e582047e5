/**
 * Docker mode's entry in the data directory's state file (`.reos/state.json`, the file
 * `reos up --detach` uses, with `mode: "docker"`): the compose project, file and profiles that
 * `reos up --docker` started and the URLs it printed. `status`, `logs` and `down` read it to
 * know they are in docker mode; the containers themselves are always asked of the engine.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { removeState, stateFile, writeState, type StackState } from '../lifecycle/state.js';

const DockerStateSchema = z.object({
  mode: z.literal('docker'),
  project: z.string().min(1),
  compose_file: z.string().min(1),
  profiles: z.array(z.string()),
  started_at: z.string(),
  version: z.string(),
  urls: z.record(z.string(), z.string()),
});

export type DockerState = z.infer<typeof DockerStateSchema>;

/** The docker-mode state, or undefined when the state file is absent or describes another mode. */
export function readDockerState(dir: string): DockerState | undefined {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(stateFile(dir), 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = DockerStateSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export function writeDockerState(dir: string, state: DockerState): void {
  // The same atomic writer as the other modes; the file's shape is told apart by `mode`.
  writeState(dir, state as unknown as StackState);
}

export function removeDockerState(dir: string): void {
  if (readDockerState(dir)) removeState(dir);
}
