/**
 * Campaign delivery does not need the API process: the API (here a test app with no worker)
 * queues the campaign.deliver job with the campaign, and the standalone worker process
 * (`stack/worker-main.ts`, its own database pool and its own mailer from SMTP_HOST / SMTP_PORT)
 * claims it and mails every recipient. PostgreSQL only: PGlite cannot be shared between processes.
 */
import { execa, type ResultPromise } from 'execa';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../stack/db/client.js';
import { jobs } from '../../stack/jobs/tables.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { backend, createPgDatabase } from '../support/backend.js';
import { waitForJob } from '../support/jobs.js';
import { startTestMail, type TestMail } from '../support/mail.js';

describe.skipIf(backend !== 'postgres')('a campaign delivered by the standalone worker process (PostgreSQL)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let url: string;
  let mail: TestMail;
  let t: TestApp;
  let worker: ResultPromise | undefined;

  beforeAll(async () => {
    ({ url, drop } = await createPgDatabase());
    database = await openDatabase({ databaseUrl: url, poolSize: 3 });
    mail = await startTestMail();
    t = await createTestApp(mail.config, { database });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await worker;
    }
    await t?.close();
    await mail?.close();
    await database?.close();
    await drop?.();
  });

  it('mails every recipient from worker-main while the API runs no worker', async () => {
    const admin = await t.user();
    const res = await t.send('POST', '/campaigns', { token: admin.token, body: { name: 'From the worker', subject: 'From the worker', template_id: 'new_listing', recipients: ['ann@example.com', 'bob@example.com'] } });
    expect(res.status, res.text).toBe(202);
    const [job] = await database.db.select().from(jobs).where(eq(jobs.type, 'campaign.deliver'));
    expect(job.state).toBe('queued');

    worker = execa('node', ['--import', 'tsx', 'stack/worker-main.ts'], {
      env: { DATABASE_URL: url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.catcher.smtpPort), JOBS_POLL_MS: '50', LOG_LEVEL: 'silent', JWT_SECRET: t.config.jwt.secret },
      extendEnv: true,
      reject: false,
    });
    const done = await waitForJob(database, job.id, (row) => row.state === 'completed' || row.state === 'dead');
    expect(done).toMatchObject({ state: 'completed', attempts: 1 });
    const caught = mail.catcher.messages().filter((m) => m.parsed.subject === 'From the worker');
    expect(caught.flatMap((m) => m.rcptTo).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    expect((await t.send('GET', `/campaigns/${res.body.id}/stats`, { token: admin.token })).body).toMatchObject({ status: 'completed', sent: 2, pending: 0 });

    worker.kill('SIGTERM');
    const exit = await worker;
    expect(exit.exitCode).toBe(0);
  });
});
