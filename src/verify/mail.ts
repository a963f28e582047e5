/**
 * Which mail catcher `reos verify` reads for `mail` steps: the embedded stack's own, or for a
 * --target the --mail-url (default: the target's host on port 8025, where MailHog listens in
 * the docker stack). A catcher that does not answer MailHog's API leaves the `mail` capability
 * absent, so scenarios that require it are reported not run, with the reason.
 */
import { request } from '../checks/support/undici-request.js';

export const DEFAULT_MAIL_PORT = 8025;
const PROBE_TIMEOUT_MS = 3_000;

/** `http://api.example.com:8000` -> `http://api.example.com:8025`. */
export function defaultMailUrl(target: string): string {
  const url = new URL(target);
  // URL keeps an IPv6 host in brackets already.
  return `http://${url.hostname}:${DEFAULT_MAIL_PORT}`;
}

/** Undefined when `url` answers `GET /api/v2/messages` like MailHog, else why not. */
export async function mailCatcherProblem(url: string, signal?: AbortSignal): Promise<string | undefined> {
  const probe = `${url.replace(/\/+$/, '')}/api/v2/messages?limit=1`;
  try {
    const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS);
    const response = await request(probe, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    const text = await response.body.text();
    if (response.statusCode !== 200) return `GET ${probe} answered ${response.statusCode}`;
    const body = JSON.parse(text) as { items?: unknown };
    return Array.isArray(body.items) ? undefined : `GET ${probe} did not answer in MailHog's shape (no items list)`;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = (error as Error).name === 'TimeoutError' || code === 'UND_ERR_ABORTED' ? `no answer within ${PROBE_TIMEOUT_MS} ms` : (code ?? (error as Error).message);
    return `no MailHog API answered at ${url} (${why})`;
  }
}

export interface MailTarget {
  mailUrl?: string;
  mailProblem?: string;
}

/** The catcher for a --target run: the flag's URL or the default one, kept only if it answers. */
export async function resolveTargetMail(targets: string[], flag: string | undefined, signal?: AbortSignal): Promise<MailTarget> {
  let url: string;
  try {
    url = flag ?? defaultMailUrl(targets[0]);
  } catch {
    return { mailProblem: `cannot derive a mail URL from ${targets[0]}; pass --mail-url` };
  }
  const problem = await mailCatcherProblem(url, signal);
  return problem ? { mailProblem: `${problem}; pass --mail-url if the catcher is elsewhere` } : { mailUrl: url };
}
