/**
 * A private mail catcher for API tests (SMTP and MailHog API on free ports) and the config that
 * points a test app's mailer at it, plus waiting for a message without a timing threshold: the
 * caller says what it waits for and a generous bound only turns a hang into a clear failure.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startMailCatcher, type RunningMailCatcher } from '../../stack/mail/catcher.js';
import type { CaughtMessage } from '../../stack/mail/message-store.js';
import { loadStackConfig, type StackConfig } from '../../stack/config.js';
import { createLogger } from '../../stack/lib/logger.js';

export interface TestMail {
  catcher: RunningMailCatcher;
  /** Config overrides for createTestApp: its mailer sends to this catcher. */
  config: Partial<StackConfig>;
  /** The first caught message (newest first) matching `predicate`, waiting for it if needed. */
  waitFor(predicate: (message: CaughtMessage) => boolean): Promise<CaughtMessage>;
  close(): Promise<void>;
}

export async function startTestMail(): Promise<TestMail> {
  const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger: createLogger({ level: 'silent' }) });
  const base = loadStackConfig({ LOG_LEVEL: 'silent' }, 'test');
  return {
    catcher,
    config: { mail: { ...base.mail, catcher: false, smtpHost: '127.0.0.1', smtpPort: catcher.smtpPort } },
    async waitFor(predicate) {
      for (let i = 0; i < 400; i++) {
        const found = catcher.messages().find(predicate);
        if (found) return found;
        await sleep(25);
      }
      throw new Error('the expected mail never reached the test catcher');
    },
    close: () => catcher.close(),
  };
}
