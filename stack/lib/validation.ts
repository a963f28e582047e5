/**
 * Turns a failed zod validation into a 422 problem with one `{detail, pointer|parameter}` per
 * issue, so a caller can find each fault in what it sent. Used as OpenAPIHono's `defaultHook`,
 * and, through `invalidRequest`, by every check zod cannot make (a reference to another team's
 * row, a forged cursor): to a client each is one more invalid field, so they share one type.
 */
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { jsonPointer, ProblemError, type FieldError } from './problem.js';

/** Problem type and its constant title (RFC 9457) of every 422 about what the caller sent. */
export const VALIDATION_PROBLEM_TYPE = 'https://reos.dev/problems/validation-error';
export const VALIDATION_PROBLEM_TITLE = 'Your request is not valid';

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  form: 'form',
  query: 'query string',
  param: 'path',
  header: 'headers',
  cookie: 'cookies',
};

/** The 422 for a request that is not valid: `errors` names each fault. */
export function invalidRequest(detail: string, errors: FieldError[]): ProblemError {
  return new ProblemError(422, { type: VALIDATION_PROBLEM_TYPE, title: VALIDATION_PROBLEM_TITLE, detail, errors });
}

export function fieldErrors(target: string, error: ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    // One entry per unknown key, pointing at the key itself, so a client can find each typo.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const detail = `Unknown field "${key}": not accepted here`;
        return target === 'json' || target === 'form' ? { detail, pointer: jsonPointer([...issue.path, key]) } : { detail, parameter: key };
      });
    }
    if (target === 'json' || target === 'form') return [{ detail: issue.message, pointer: jsonPointer(issue.path) }];
    return [{ detail: issue.message, parameter: String(issue.path[0] ?? '') }];
  });
}

export function validationHook(result: { target: string; success: boolean; error?: ZodError }, _c: Context): void {
  if (result.success || !result.error) return;
  throw invalidRequest(`The ${TARGET_NAMES[result.target] ?? result.target} failed validation.`, fieldErrors(result.target, result.error));
}
