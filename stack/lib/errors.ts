/**
 * Errors the stack raises on purpose outside a request: each carries what an operator needs
 * (a message, a hint to fix it, a stable code). The CLI turns them into an exit code.
 */
export class StackError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StackError';
    this.code = code;
    this.hint = options.hint;
  }
}
