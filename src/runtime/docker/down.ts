/**
 * `reos down --docker [--volumes]`: `docker compose down` (every profile, orphans too, volumes
 * with --volumes) for the project the state file names, then the state file goes.
 */
import type { EnvMap } from '../env.js';
import { assertComposePlugin, composeDown, defaultComposeTarget, type ComposeTarget } from './compose.js';
import { assertEngine, engineFor } from './engine.js';
import { readDockerState, removeDockerState } from './state.js';

export interface DockerDownResult {
  mode: 'docker';
  project: string;
  stopped: true;
  volumes_removed: boolean;
}

export async function stopDocker(options: { env: EnvMap; dataDir: string; volumes: boolean; progress?: NodeJS.WritableStream; target?: ComposeTarget }): Promise<DockerDownResult> {
  const target = options.target ?? defaultComposeTarget(options.env);
  target.env = options.env;
  const state = readDockerState(options.dataDir);
  if (state) target.project = state.project;
  await assertEngine(engineFor(options.env));
  await assertComposePlugin(options.env);
  await composeDown(target, { volumes: options.volumes, profiles: ['monitoring'], progress: options.progress });
  removeDockerState(options.dataDir);
  return { mode: 'docker', project: target.project, stopped: true, volumes_removed: options.volumes };
}

export function formatDockerDown(result: DockerDownResult): string {
  return `Stopped the Docker stack (compose project ${result.project})${result.volumes_removed ? ' and deleted its volumes' : '; its volumes are kept (add --volumes to delete them)'}.`;
}
