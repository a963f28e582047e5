/**
 * The Docker Engine as docker mode sees it: a dockerode client for DOCKER_HOST (unix socket by
 * default), a bounded ping that turns "no engine" into one clear CLI error (exit 3, hint: the
 * embedded mode), and the compose project's containers found by their compose labels.
 */
import Docker from 'dockerode';
import { EXIT, ReosError } from '../../errors.js';
import type { EnvMap } from '../env.js';

/** The compose project name (`name:` in docker-compose.yml, forced with `-p`). */
export const COMPOSE_PROJECT = 'reos';
export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';

const DEFAULT_HOST = 'unix:///var/run/docker.sock';
const PING_TIMEOUT_MS = 3_000;

export interface Engine {
  docker: Docker;
  /** Where the engine was looked for, as DOCKER_HOST spells it. */
  host: string;
}

/** The hint every "no Docker" error carries: docker mode is optional, the embedded one is not. */
export const EMBEDDED_HINT = 'Start Docker (or set DOCKER_HOST), or run without Docker: `reos up` (embedded mode).';

export function engineFor(env: EnvMap = process.env): Engine {
  const host = env.DOCKER_HOST || DEFAULT_HOST;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw unavailable(`DOCKER_HOST "${host}" is not a unix://, tcp:// or http:// address`);
  }
  if (url.protocol === 'unix:') return { host, docker: new Docker({ socketPath: url.pathname }) };
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const protocol = url.protocol === 'https:' ? 'https' : 'http';
    return { host, docker: new Docker({ protocol, host: url.hostname, port: Number(url.port) || 2375 }) };
  }
  throw unavailable(`DOCKER_HOST "${host}" is not a unix://, tcp:// or http:// address`);
}

function unavailable(reason: string, cause?: unknown): ReosError {
  return new ReosError(`No Docker engine: ${reason}.`, { hint: EMBEDDED_HINT, exitCode: EXIT.unreachable, code: 'DOCKER_UNAVAILABLE', cause });
}

/** Resolves when the engine answers `/_ping`; otherwise throws the one-line DOCKER_UNAVAILABLE error. */
export async function assertEngine(engine: Engine): Promise<void> {
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), PING_TIMEOUT_MS);
    });
    await Promise.race([engine.docker.ping(), timeout]).finally(() => clearTimeout(timer));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `${engine.host} does not exist (is Docker installed and running?)`
        : code === 'ECONNREFUSED'
          ? `nothing answers at ${engine.host}`
          : code === 'EACCES'
            ? `permission denied on ${engine.host} (add your user to the docker group)`
            : `${engine.host} did not answer (${code ?? (error as Error).name ?? 'no answer'})`;
    throw unavailable(reason, error);
  }
}

export interface ProjectContainer {
  id: string;
  service: string;
  name: string;
  state: string;
}

/** Every container of the compose project, stopped ones included, ordered by service name. */
export async function projectContainers(engine: Engine, project = COMPOSE_PROJECT): Promise<ProjectContainer[]> {
  const list = await engine.docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${project}`] } });
  return list
    .filter((summary) => summary.Labels?.[PROJECT_LABEL] === project)
    .map((summary) => ({
      id: summary.Id,
      service: summary.Labels[SERVICE_LABEL] ?? '?',
      name: (summary.Names[0] ?? summary.Id).replace(/^\//, ''),
      state: summary.State,
    }))
    .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
}
