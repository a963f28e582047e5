/**
 * One API replica as its own process, for the multi-replica tests: the real replica entry
 * (stack/process.ts) on a free port of 127.0.0.1, with the environment it was given
 * (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX ...), then one JSON line `{"url": ..., "mail": ...}` on
 * stdout (`mail`: its catcher's SMTP port and MailHog API, when it runs one).
 * SIGTERM closes it cleanly.
 */
import { runStackProcess } from '../../stack/process.js';

await runStackProcess({
  overrides: { host: '127.0.0.1', port: 0 },
  // Several replicas run side by side: their mail catchers take free ports.
  env: { ...process.env, MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0' },
  onReady: (stack) => process.stdout.write(`${JSON.stringify({ url: stack.url, pid: process.pid, mail: stack.mail })}\n`),
});
