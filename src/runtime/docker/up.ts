/**
 * `reos up --docker`: refuse mock secrets outside MOCK_MODE before anything starts, check the
 * engine and the compose plugin, run `docker compose up -d --wait` (with `--profile monitoring`
 * when asked), then record docker mode in the state file and return the URLs to print.
 */
import { assertNoMockSecrets } from '../../../stack/lib/mock-secrets.js';
import { EXIT, ReosError, toReosError } from '../../errors.js';
import type { EnvMap } from '../env.js';
import { isServicesState, readState } from '../lifecycle/state.js';
import { assertComposePlugin, composeUp, defaultComposeTarget, type ComposeTarget } from './compose.js';
import { assertEngine, engineFor } from './engine.js';
import { writeDockerState, type DockerState } from './state.js';

export interface DockerUpOptions {
  env: EnvMap;
  dataDir: string;
  version: string;
  monitoring: boolean;
  /** Host port of the API (nginx); REOS_PORT for compose. */
  port?: number;
  waitTimeoutSeconds: number;
  progress?: NodeJS.WritableStream;
  /** Tests point this at another compose file. */
  target?: ComposeTarget;
}

export type DockerUpResult = DockerState & { compose_version: string };

export async function startDocker(options: DockerUpOptions): Promise<DockerUpResult> {
  const env: EnvMap = { ...options.env, ...(options.port === undefined ? {} : { REOS_PORT: String(options.port) }) };
  try {
    assertNoMockSecrets(env, (env.MOCK_MODE ?? 'true').toLowerCase() !== 'false');
  } catch (error) {
    throw toReosError(error);
  }
  const other = readState(options.dataDir);
  if (other && 'state' in other) {
    const where = isServicesState(other.state) ? `${other.state.components.length} services-mode processes` : `pid ${other.state.pid}, ${other.state.url}`;
    throw new ReosError(`A stack started by \`reos up\` is recorded in ${options.dataDir} (${where}).`, {
      hint: 'Stop it first with `reos down`, or use another --data-dir.',
      exitCode: EXIT.usage,
      code: 'ANOTHER_MODE_RUNNING',
    });
  }
  const target = options.target ?? defaultComposeTarget(env);
  target.env = env;
  await assertEngine(engineFor(env));
  const composeVersion = await assertComposePlugin(env);
  const profiles = options.monitoring ? ['monitoring'] : [];
  await composeUp(target, { profiles, waitTimeoutSeconds: options.waitTimeoutSeconds, progress: options.progress });
  const state: DockerState = {
    mode: 'docker',
    project: target.project,
    compose_file: target.file,
    profiles,
    started_at: new Date().toISOString(),
    version: options.version,
    urls: dockerUrls(env, options.monitoring),
  };
  writeDockerState(options.dataDir, state);
  return { ...state, compose_version: composeVersion };
}

/** Where each published service answers on this machine (the compose file's port defaults). */
export function dockerUrls(env: EnvMap, monitoring: boolean): Record<string, string> {
  const api = `http://localhost:${env.REOS_PORT || '8000'}`;
  return {
    api,
    docs: `${api}/docs`,
    mail: `http://localhost:${env.MAIL_HTTP_PORT || '8025'}`,
    smtp: `smtp://localhost:${env.MAIL_SMTP_PORT || '1025'}`,
    minio_console: 'http://localhost:9001',
    ...(monitoring ? { grafana: 'http://localhost:3000', prometheus: 'http://localhost:9090' } : {}),
  };
}

const LABELS: Record<string, string> = { api: 'API', docs: 'Docs', mail: 'Mail (MailHog)', smtp: 'SMTP', minio_console: 'MinIO console', grafana: 'Grafana', prometheus: 'Prometheus' };

export function formatDockerUp(result: DockerUpResult): string {
  const width = Math.max(...Object.keys(result.urls).map((key) => (LABELS[key] ?? key).length));
  return [
    `reos ${result.version} is up on Docker (compose project ${result.project}, Compose ${result.compose_version}${result.profiles.length ? `, profiles: ${result.profiles.join(', ')}` : ''}).`,
    ...Object.entries(result.urls).map(([key, url]) => `  ${(LABELS[key] ?? key).padEnd(width)}  ${url}`),
    'See `reos status`, `reos logs`; stop with `reos down --docker` (add --volumes to delete the data).',
  ].join('\n');
}
