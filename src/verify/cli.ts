/**
 * The terminal side of `reos verify`, kept out of the oclif command so it can be tested and
 * reused: reads the environment, wires Ctrl+C, picks the progress renderer, runs `verify`,
 * and prints the final block. Progress and the final block go to stdout unless --json.
 */
import { loadCommandEnvironment } from '../runtime/env.js';
import { reportToGitHub } from '../report/github/index.js';
import { createColors, formatFinal, terminalProgress } from '../report/terminal/index.js';
import { abortOnSignal } from './interrupt.js';
import { verify, type FailOn, type VerifyOutcome } from './index.js';
import { printProblems } from './select.js';

export interface VerifyFlags {
  target?: string[];
  scenarios?: string[];
  area?: string[];
  tag?: string[];
  'require-area'?: string[];
  bail: boolean;
  concurrency: number;
  out: string;
  'ready-timeout': number;
  'mail-url'?: string;
  'fail-on': FailOn;
  /** An ed25519 private key (file or PEM) that signs the pack; REOS_SIGNING_KEY otherwise. */
  'sign-key'?: string;
  /** Valid and malformed requests per documented operation in the generated contract-fuzz scenario. */
  fuzz?: number;
}

export interface VerifyIo {
  json: boolean;
  version: string;
  stdout(line: string): void;
  stderr(line: string): void;
  isTTY?: boolean;
}

export type VerifyJson = VerifyOutcome['summary'] & { pack: VerifyOutcome['pack']; exitCode: number };

/** `--target A --target B` and `--target A,B` mean the same: the replicas in order. */
export function splitTargets(values: string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

export async function runVerifyCommand(flags: VerifyFlags, io: VerifyIo): Promise<{ result: VerifyJson; exitCode: number }> {
  const { env } = loadCommandEnvironment();
  // A bad key is a usage error before anything starts, not a surprise after the run.
  const keySource = flags['sign-key'] ?? (env.REOS_SIGNING_KEY || undefined);
  const signer = keySource ? (await import('../evidence/sign.js')).loadSigningKey(keySource) : undefined;
  const isTTY = io.isTTY ?? Boolean(process.stdout.isTTY);
  const colors = createColors({ isTTY, env });
  const controller = new AbortController();
  const dispose = abortOnSignal(controller, io.stderr);
  let outcome: VerifyOutcome;
  try {
    outcome = await verify(
      {
        cwd: process.cwd(),
        env,
        version: io.version,
        targets: splitTargets(flags.target ?? []),
        scenarios: flags.scenarios ?? [],
        areas: flags.area ?? [],
        tags: flags.tag ?? [],
        requiredAreas: flags['require-area'],
        bail: flags.bail,
        concurrency: flags.concurrency,
        out: flags.out,
        readyTimeoutMs: flags['ready-timeout'] * 1000,
        mailUrl: flags['mail-url'],
        failOn: flags['fail-on'],
        signal: controller.signal,
        signer,
        fuzz: flags.fuzz,
      },
      {
        progress: io.json ? undefined : terminalProgress({ isTTY, env, write: io.stdout, colors }),
        onStage: io.json ? undefined : (message) => io.stderr(colors.dim(message)),
      },
    );
  } catch (error) {
    throw io.json ? error : printProblems(error, io.stderr);
  } finally {
    dispose();
  }
  if (!io.json) io.stdout(formatFinal(outcome.summary, outcome.pack, colors));
  // Under --json, stdout holds only the JSON document: workflow commands go to stderr then.
  await reportToGitHub({ summary: outcome.summary, packDir: outcome.pack.dir, env: { ...process.env, ...env }, write: io.json ? io.stderr : io.stdout, warn: io.stderr });
  if (outcome.problem && !io.json) io.stderr(colors.red(`The stack or target could not be reached: ${outcome.problem}. The pack records the failure.`));
  return { result: { ...outcome.summary, pack: outcome.pack, exitCode: outcome.exitCode }, exitCode: outcome.exitCode };
}
