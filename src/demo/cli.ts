/**
 * The terminal side of `reos demo`, kept out of the oclif command: reads the environment,
 * picks colours (NO_COLOR, no ANSI when not a TTY), refuses interactive mode without a
 * terminal, wires Ctrl+C for --auto, and handles --export (no stack, no run).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { EXIT, ReosError } from '../errors.js';
import { createColors } from '../report/terminal/colors.js';
import { loadCommandEnvironment } from '../runtime/env.js';
import { abortOnSignal } from '../verify/interrupt.js';
import { printProblems } from '../verify/select.js';
import { renderRunOfShow } from './export.js';
import { loadShowOrThrow, runDemo, type DemoSummary } from './index.js';
import { shippedShowFile } from './show/load.js';

export interface DemoFlags {
  show?: string;
  target?: string;
  port?: number;
  'mail-url'?: string;
  'data-dir'?: string;
  auto: boolean;
  pace: string;
  out: string;
  export?: string;
  'ready-timeout': number;
  'step-timeout'?: number;
}

export interface DemoCliIo {
  json: boolean;
  version: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export type DemoJson = DemoSummary | { exported: string; sections: number; steps: number };

/** `2s`, `500ms`, `0` in milliseconds; a usage error otherwise. */
export function parsePace(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!match) throw new ReosError(`--pace ${text} is not a duration.`, { hint: 'Use seconds or milliseconds, e.g. --pace 2s or --pace 500ms.', exitCode: EXIT.usage, code: 'BAD_FLAG' });
  return Math.round(Number(match[1]) * (match[2] === 'ms' ? 1 : 1000));
}

async function exportScript(flags: DemoFlags, cwd: string, io: DemoCliIo): Promise<DemoJson> {
  const show = await loadShowOrThrow(path.resolve(cwd, flags.show ?? shippedShowFile()), cwd);
  const file = path.resolve(cwd, flags.export!);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(temp, renderRunOfShow(show, flags.target ? { baseUrl: flags.target } : {}));
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new ReosError(`Could not write ${file}: ${(error as Error).message}`, { hint: 'Choose a writable path for --export.', exitCode: EXIT.failed, code: 'EXPORT_FAILED', cause: error });
  }
  if (!io.json) io.stdout(`Wrote the presenter's script to ${path.relative(cwd, file) || file} (${show.sections.length} sections, ${show.scenario.steps.length} steps).`);
  return { exported: file, sections: show.sections.length, steps: show.scenario.steps.length };
}

export async function runDemoCommand(flags: DemoFlags, io: DemoCliIo): Promise<{ result: DemoJson; exitCode: number }> {
  const { env } = loadCommandEnvironment();
  const cwd = process.cwd();
  try {
    if (flags.export) return { result: await exportScript(flags, cwd, io), exitCode: EXIT.ok };
    const paceMs = parsePace(flags.pace);
    if (!flags.auto && !(process.stdin.isTTY && process.stdout.isTTY)) {
      throw new ReosError('The interactive demo needs a terminal (stdin and stdout are not a TTY).', { hint: 'Run it in a terminal, or rehearse without prompts with `reos demo --auto`.', exitCode: EXIT.usage, code: 'NO_TTY' });
    }
    if (io.json && !flags.auto) throw new ReosError('--json needs --auto (the interactive show prints for people).', { hint: 'Use `reos demo --auto --json`.', exitCode: EXIT.usage, code: 'BAD_FLAG' });
    // Under --json, stdout carries only the summary: the show goes to stderr.
    const write = io.json ? io.stderr : io.stdout;
    const colors = createColors({ isTTY: Boolean(io.json ? process.stderr.isTTY : process.stdout.isTTY), env });
    const controller = new AbortController();
    const dispose = flags.auto ? abortOnSignal(controller, io.stderr) : () => undefined;
    try {
      const summary = await runDemo(
        {
          cwd,
          env,
          version: io.version,
          showFile: flags.show,
          target: flags.target,
          port: flags.port ?? Number(env.REOS_PORT || env.PORT || 8000),
          mailUrl: flags['mail-url'],
          dataDir: path.resolve(flags['data-dir'] ?? (env.REOS_DATA_DIR || '.reos')),
          auto: flags.auto,
          paceMs,
          out: flags.out,
          readyTimeoutMs: flags['ready-timeout'] * 1000,
          ...(flags['step-timeout'] ? { stepTimeoutMs: flags['step-timeout'] * 1000 } : {}),
          signal: controller.signal,
        },
        { write, colors },
      );
      return { result: summary, exitCode: summary.exitCode };
    } finally {
      dispose();
    }
  } catch (error) {
    throw io.json ? error : printProblems(error, io.stderr);
  }
}
