/**
 * Turns a failed `listen()` of the catcher's SMTP or HTTP side into a StackError that names the
 * setting to change, so `reos up` can print a fix instead of a Node errno.
 */
import { StackError } from '../lib/errors.js';

export interface ListenTarget {
  /** What was listening, for the message: 'SMTP catcher' or 'mail web view'. */
  what: string;
  host: string;
  port: number;
  /** The env variable that moves it (MAIL_SMTP_PORT, MAIL_HTTP_PORT). */
  env: string;
  /** The `reos up` flag that moves it. */
  flag: string;
}

/**
 * @example
 * server.once('error', (error) => reject(toListenError(error, { what: 'SMTP catcher', host, port, env: 'MAIL_SMTP_PORT', flag: '--mail-smtp-port' })));
 */
export function toListenError(error: NodeJS.ErrnoException, target: ListenTarget): Error {
  const { what, host, port, env, flag } = target;
  if (error.code === 'EADDRINUSE') {
    return new StackError('PORT_IN_USE', `Port ${port} on ${host} (${what}) is already in use.`, {
      hint: `Stop what is using it (\`lsof -i :${port}\`), or set ${env}=<another port> (or ${flag} <another port>).`,
      cause: error,
    });
  }
  if (error.code === 'EACCES') {
    return new StackError('PORT_FORBIDDEN', `Not allowed to listen on ${host}:${port} (${what}).`, {
      hint: `Use a port above 1024 in ${env} (or ${flag}).`,
      cause: error,
    });
  }
  return error;
}
