/**
 * `docker compose` for docker mode, through execa: the plugin check (one clear line when the
 * docker CLI or its compose plugin is missing), `up -d --wait` and `down [-v]` on the compose
 * file shipped at the package root, always as project `reos` so status and logs find it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa, type ExecaError } from 'execa';
import { EXIT, ReosError } from '../../errors.js';
import type { EnvMap } from '../env.js';
import { packageRoot } from '../env.js';
import { COMPOSE_PROJECT, EMBEDDED_HINT } from './engine.js';

export interface ComposeTarget {
  /** The compose file (the package root's docker-compose.yml by default). */
  file: string;
  project: string;
  /** Environment for compose's ${VAR} interpolation (the loaded .env / .env.mock values). */
  env: EnvMap;
}

export function defaultComposeTarget(env: EnvMap): ComposeTarget {
  const root = packageRoot();
  const file = path.join(root, 'docker-compose.yml');
  for (const needed of [file, path.join(root, 'stack', 'Dockerfile')]) {
    if (!fs.existsSync(needed)) {
      throw new ReosError(`Docker mode needs ${path.relative(root, needed)} at ${root}, and it is not there.`, {
        hint: 'Run docker mode from a reos source checkout (git clone), or use `reos up` (embedded mode).',
        exitCode: EXIT.usage,
        code: 'COMPOSE_FILE_MISSING',
      });
    }
  }
  return { file, project: COMPOSE_PROJECT, env };
}

const baseArgs = (target: ComposeTarget, profiles: string[]) => [
  'compose',
  '-f',
  target.file,
  '-p',
  target.project,
  ...profiles.flatMap((profile) => ['--profile', profile]),
];

/** Resolves with compose's version; throws one line (exit 3) without the docker CLI or its compose plugin. */
export async function assertComposePlugin(env: EnvMap): Promise<string> {
  try {
    const { stdout } = await execa('docker', ['compose', 'version', '--short'], { env: cleanEnv(env), timeout: 15_000 });
    return stdout.trim();
  } catch (error) {
    const failure = error as ExecaError;
    const reason = failure.code === 'ENOENT' ? 'the docker CLI is not installed (no `docker` on PATH)' : 'the Docker Compose plugin is missing (`docker compose` is not a docker command)';
    throw new ReosError(`No Docker Compose: ${reason}.`, { hint: EMBEDDED_HINT, exitCode: EXIT.unreachable, code: 'DOCKER_COMPOSE_UNAVAILABLE', cause: error });
  }
}

export interface ComposeUpOptions {
  profiles: string[];
  /** Seconds `--wait` may take before compose gives up. */
  waitTimeoutSeconds: number;
  /** Compose's progress output (stderr), streamed for people; nothing for --json. */
  progress?: NodeJS.WritableStream;
}

export async function composeUp(target: ComposeTarget, options: ComposeUpOptions): Promise<void> {
  // --build: the API image follows the checkout (Docker's layer cache makes an unchanged one instant).
  const args = [...baseArgs(target, options.profiles), 'up', '--build', '--detach', '--wait', '--wait-timeout', String(options.waitTimeoutSeconds)];
  await runCompose(target, args, 'up', options.progress);
}

export async function composeDown(target: ComposeTarget, options: { volumes: boolean; profiles: string[]; progress?: NodeJS.WritableStream }): Promise<void> {
  // Every profile, so the monitoring containers go too whatever `up` was given.
  const args = [...baseArgs(target, options.profiles), 'down', '--remove-orphans', ...(options.volumes ? ['--volumes'] : [])];
  await runCompose(target, args, 'down', options.progress);
}

async function runCompose(target: ComposeTarget, args: string[], verb: string, progress?: NodeJS.WritableStream): Promise<void> {
  const child = execa('docker', args, { env: cleanEnv(target.env), cwd: path.dirname(target.file), reject: false, all: true });
  if (progress) child.stderr?.pipe(progress, { end: false });
  const result = await child;
  if (result.exitCode === 0) return;
  const lines = String(result.all ?? '').trim().split('\n').filter(Boolean);
  const last = lines.at(-1) ?? (result.failed && !result.exitCode ? String(result.message) : 'no output');
  throw new ReosError(`docker compose ${verb} failed (exit ${result.exitCode ?? '?'}): ${last.trim()}`, {
    hint: verb === 'up' ? 'See which container failed with `reos status --docker` and `reos logs --docker`.' : `Retry, or run \`docker ${args.join(' ')}\` yourself.`,
    exitCode: EXIT.unreachable,
    code: `DOCKER_COMPOSE_${verb.toUpperCase()}_FAILED`,
  });
}

/** Only defined values: execa rejects undefined entries. */
function cleanEnv(env: EnvMap): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
