/**
 * Brings up what `reos verify` runs against: the embedded stack (default) or the --target
 * URLs, and answers one question: is it ready? A stack that fails to start, or a target that
 * never answers, is recorded as not ready (never thrown), because evidence of failure is
 * evidence: the run still writes a pack with a NO-GO verdict.
 */
import type { StackConfig } from '../../stack/config.js';
import { startEmbeddedStack, type EmbeddedStack } from './embedded.js';
import { resolveTargetMail } from './mail.js';
import { waitUntilReady } from './readiness.js';

export interface Target {
  mode: 'embedded' | 'target';
  baseUrls: string[];
  ready: boolean;
  /** Why it is not ready, for the report. */
  problem?: string;
  /** The API's log lines (embedded only). */
  logs?: string[];
  /** The MailHog API `mail` steps read (the embedded catcher, or --mail-url when it answers). */
  mailUrl?: string;
  /** Why there is no mail catcher to read. */
  mailProblem?: string;
  secrets: string[];
  /** One line for the operator: what was started or probed, and how long it took. */
  description: string;
  stop(): Promise<void>;
}

export interface TargetOptions {
  targets: string[];
  /** The embedded stack's configuration (used when `targets` is empty). */
  stackConfig?: StackConfig;
  readyTimeoutMs: number;
  /** --mail-url: the catcher of a --target (default: the target's host on port 8025). */
  mailUrl?: string;
  signal?: AbortSignal;
}

export async function bringUpTarget(options: TargetOptions): Promise<Target> {
  if (options.targets.length > 0 || !options.stackConfig) return probeTargets(options);
  let stack: EmbeddedStack;
  try {
    stack = await startEmbeddedStack(options.stackConfig);
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    const problem = `the embedded stack could not start: ${(error as Error).message}${hint ? ` (${hint})` : ''}`;
    return { mode: 'embedded', baseUrls: [], ready: false, problem, secrets: [], description: problem, stop: async () => undefined };
  }
  const readiness = await waitUntilReady(stack.url, { timeoutMs: options.readyTimeoutMs, signal: options.signal });
  return {
    mode: 'embedded',
    baseUrls: [stack.url],
    ready: readiness.ready,
    problem: readiness.ready ? undefined : `the embedded stack at ${stack.url} did not become ready: ${readiness.problem}`,
    logs: stack.logs,
    ...(stack.mailUrl ? { mailUrl: stack.mailUrl } : { mailProblem: 'the embedded stack runs no mail catcher' }),
    secrets: stack.secrets,
    description: `embedded stack on ${stack.url} (${stack.database}), ready in ${stack.startupMs + readiness.elapsedMs} ms`,
    stop: () => stack.close(),
  };
}

async function probeTargets(options: TargetOptions): Promise<Target> {
  const results = await Promise.all(options.targets.map((url) => waitUntilReady(url, { timeoutMs: options.readyTimeoutMs, signal: options.signal })));
  const failed = results.map((r, i) => ({ r, url: options.targets[i] })).filter((x) => !x.r.ready);
  const mail = failed.length === 0 ? await resolveTargetMail(options.targets, options.mailUrl, options.signal) : {};
  const seconds = Math.round(options.readyTimeoutMs / 100) / 10;
  return {
    mode: 'target',
    baseUrls: options.targets,
    ready: failed.length === 0,
    problem: failed.length === 0 ? undefined : failed.map((f) => `${f.url} was not ready within ${seconds} s (${f.r.problem})`).join('; '),
    ...mail,
    secrets: [],
    description: results.map((r, i) => `${options.targets[i]} ${r.ready ? `ready (GET ${r.probe} ${r.status}, ${r.elapsedMs} ms)` : 'NOT ready'}`).join(', '),
    stop: async () => undefined,
  };
}
