/**
 * The CLI's one error type: a message saying what is wrong, a hint saying how to fix it, and
 * the exit code CI acts on. Library code throws it; `BaseCommand.catch` prints it. Errors from
 * the stack (`StackError`) are converted here so operators see the same shape.
 */
import { StackError } from '../stack/lib/errors.js';

/** Exit codes shared by every command (documented in the README and each --help). */
export const EXIT = {
  ok: 0,
  /** The verdict was NO-GO, or a check failed. */
  failed: 1,
  /** Bad usage: a wrong flag, an invalid scenario file. */
  usage: 2,
  /** The stack or target could not be started or reached. */
  unreachable: 3,
} as const;

export class ReosError extends Error {
  readonly hint?: string;
  readonly exitCode: number;
  readonly code: string;

  constructor(message: string, options: { hint?: string; exitCode?: number; code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ReosError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.code = options.code ?? 'REOS_ERROR';
  }
}

const STACK_EXIT: Record<string, number> = {
  BAD_CONFIG: EXIT.usage,
  MOCK_SECRET_OUTSIDE_MOCK_MODE: EXIT.usage,
};

/** Any thrown value as a ReosError, keeping the hint and choosing the exit code. */
export function toReosError(error: unknown): ReosError {
  if (error instanceof ReosError) return error;
  if (error instanceof StackError) {
    return new ReosError(error.message, { hint: error.hint, code: error.code, exitCode: STACK_EXIT[error.code] ?? EXIT.unreachable, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ReosError(message, { cause: error });
}
