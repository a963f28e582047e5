/**
 * Turns a failed zod validation into a 422 problem with one `{detail, pointer|parameter}` per
 * issue, so a caller can find each fault in what it sent. Used as OpenAPIHono's `defaultHook`.
 */
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { jsonPointer, ProblemError, type FieldError } from './problem.js';

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  form: 'form',
  query: 'query string',
  param: 'path',
  header: 'headers',
  cookie: 'cookies',
};

export function fieldErrors(target: string, error: ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const detail = issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message;
    if (target === 'json' || target === 'form') return { detail, pointer: jsonPointer(issue.path) };
    return { detail, parameter: String(issue.path[0] ?? '') };
  });
}

export function validationHook(result: { target: string; success: boolean; error?: ZodError }, _c: Context): void {
  if (result.success || !result.error) return;
  throw new ProblemError(422, {
    type: 'https://reos.dev/problems/validation-error',
    title: 'Your request is not valid',
    detail: `The ${TARGET_NAMES[result.target] ?? result.target} failed validation.`,
    errors: fieldErrors(result.target, result.error),
  });
}
