/**
 * What the show runs against: `--target URL`, else the stack `reos up --detach` left running
 * (its state file, confirmed over HTTP), else the embedded stack started in this process on
 * the API port (8000 by default) or, when that port is taken, on a free one (said plainly).
 */
import type { EnvMap } from '../runtime/env.js';
import { inspectState } from '../runtime/lifecycle/state.js';
import { tryListen } from '../doctor/system.js';
import { embeddedStackConfig, preloadEmbeddedStack } from '../verify/embedded.js';
import { bringUpTarget, type Target } from '../verify/target.js';

export interface ShowTargetOptions {
  env: EnvMap;
  version: string;
  dataDir: string;
  target?: string;
  port: number;
  readyTimeoutMs: number;
  signal?: AbortSignal;
  notice(message: string): void;
}

export type ShowTarget = Target & { kind: 'target' | 'running' | 'embedded' };

/** Whether reos will start its own stack (then the doctor's port checks matter). */
export async function runningStackUrl(dataDir: string): Promise<string | undefined> {
  const state = await inspectState(dataDir);
  return state.kind === 'running' && state.answering ? state.state.url : undefined;
}

export async function bringUpShowTarget(options: ShowTargetOptions, running?: string): Promise<ShowTarget> {
  if (options.target) return { ...(await bringUpTarget({ targets: [options.target], readyTimeoutMs: options.readyTimeoutMs, signal: options.signal })), kind: 'target' };
  if (running) {
    options.notice(`Using the stack already running at ${running} (started by \`reos up --detach\`).`);
    return { ...(await bringUpTarget({ targets: [running], readyTimeoutMs: options.readyTimeoutMs, signal: options.signal })), kind: 'running' };
  }
  const preload = preloadEmbeddedStack();
  const config = await embeddedStackConfig(options.env, options.version);
  let port = options.port;
  if (port !== 0 && (await tryListen(port, config.host))) {
    options.notice(`Port ${port} is taken: the embedded stack starts on a free port instead.`);
    port = 0;
  }
  await preload;
  return { ...(await bringUpTarget({ targets: [], stackConfig: { ...config, port }, readyTimeoutMs: options.readyTimeoutMs, signal: options.signal })), kind: 'embedded' };
}
