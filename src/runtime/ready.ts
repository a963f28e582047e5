/**
 * What `reos up` reports once the API answers: the URLs, the database, how long it took.
 * One shape for both outputs: `--json` prints it as one line, the banner formats it for people.
 */
import path from 'node:path';
import type { RunningStack } from '../../stack/server.js';

export interface UpReady {
  url: string;
  docs_url: string;
  openapi_url: string;
  /** `location` is a path, `memory`, or the PostgreSQL URL with its password redacted. */
  database: { kind: 'pglite' | 'postgres'; location: string };
  /** The embedded mail catcher (absent when SMTP_HOST sends mail elsewhere). */
  mail?: { smtp_port: number; inbox_url: string; api_url: string };
  /** From opening the database to the socket listening. */
  startup_ms: number;
  /** From the process starting (node, oclif, module loading included) to ready. */
  process_ms: number;
  pid: number;
  version: string;
  mock_mode: boolean;
  env_files: string[];
}

export function describeReady(stack: RunningStack, context: { version: string; mockMode: boolean; envFiles: string[] }): UpReady {
  return {
    url: stack.url,
    docs_url: `${stack.url}/docs`,
    openapi_url: `${stack.url}/docs/openapi.json`,
    database: { kind: stack.database.kind, location: stack.database.location },
    mail: stack.mail ? { smtp_port: stack.mail.smtpPort, inbox_url: stack.mail.httpUrl, api_url: `${stack.mail.httpUrl}/api/v2/messages` } : undefined,
    startup_ms: stack.startupMs,
    process_ms: Math.round(performance.now()),
    pid: process.pid,
    version: context.version,
    mock_mode: context.mockMode,
    env_files: context.envFiles,
  };
}

export function formatBanner(ready: UpReady, cwd = process.cwd()): string {
  const mode = ready.database.kind === 'pglite' ? 'embedded' : 'services';
  const envFiles = ready.env_files.map((file) => (file.startsWith(cwd + path.sep) ? path.relative(cwd, file) : file));
  const rows: [string, string][] = [
    ['API', ready.url],
    ['Docs', ready.docs_url],
    ['OpenAPI', ready.openapi_url],
    ['Database', `${ready.database.kind} ${ready.database.location}`],
    ['Mail', ready.mail ? `${ready.mail.inbox_url} (SMTP on port ${ready.mail.smtp_port}, MailHog API ${ready.mail.api_url})` : 'sent to SMTP_HOST (no embedded catcher)'],
    ['Env files', envFiles.length > 0 ? envFiles.join(', ') : '(none: process environment only)'],
    ['Startup', `${ready.startup_ms} ms (${ready.process_ms} ms since launch)`],
  ];
  return [
    `reos ${ready.version} is up (${mode}${ready.mock_mode ? ', MOCK_MODE' : ''}, pid ${ready.pid})`,
    ...rows.map(([label, value]) => `  ${label.padEnd(10)}${value}`),
    'Press Ctrl+C to stop.',
  ].join('\n');
}
