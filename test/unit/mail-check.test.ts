/**
 * The `mail` check kind against a real catcher (SMTP in, MailHog API out): matching by
 * recipient, sender, subject and body (text or /regex/) on decoded content, waiting for a late
 * message, regex captures, a miss reported with the closest message's values, the `mail`
 * capability following the mail URL, and the --mail-url probe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type RunningMailCatcher } from '../../stack/mail/catcher.js';
import { createMailer, type Mailer } from '../../stack/mail/mailer.js';
import { createLogger } from '../../stack/lib/logger.js';
import { defaultMailUrl, mailCatcherProblem, resolveTargetMail } from '../../src/verify/mail.js';
import { sendJson, startServer, type TestServer } from './support/servers.js';
import { loadYaml, runYaml, step } from './support/scenarios.js';
import { mailKind } from '../../src/checks/mail/index.js';

let catcher: RunningMailCatcher;
let mailer: Mailer;
let notMailHog: TestServer;

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger: createLogger({ level: 'silent' }) });
  mailer = createMailer({ host: '127.0.0.1', port: catcher.smtpPort, from: 'Real Estate OS <no-reply@reos.local>' });
  notMailHog = await startServer((_req, res) => sendJson(res, 200, { hello: 'not mailhog' }));
  // Quoted-printable (a long line with non-ASCII text) and an HTML part: the check reads the decoded text.
  await mailer.send({
    to: 'reset-user@example.com',
    subject: 'Reset your Real Estate OS password',
    text: `Bonjour, réinitialisez votre mot de passe avec ce jeton qui ne marche qu’une fois, pendant une heure seulement, merci :\n\nrp_${'A'.repeat(43)}\n`,
    html: '<p>Bonjour</p>',
  });
  await mailer.send({ to: 'jane@example.com', subject: 'New 3BR Home in SF', text: 'A new listing' });
});

afterAll(async () => {
  mailer.close();
  await catcher.close();
  await notMailHog.close();
});

const mailScenario = (mail: string, extra = '', header = '') => `name: mail-check
area: services
severity: major
${header}steps:
  - id: inbox
    mail:
${mail}${extra}`;

describe('mail check', () => {
  it('finds a message by recipient, subject and body regex, and captures from the decoded body', async () => {
    const yaml = mailScenario(
      '      to: RESET-USER@example.com\n      from: no-reply@reos.local\n      subject: Reset your Real Estate OS password\n      body: /rp_[A-Za-z0-9_-]{43}/\n      within: 1000\n',
      '    capture:\n      token: { body: "(rp_[A-Za-z0-9_-]{43})" }\n      kind: { subject: "^(\\\\w+)" }\n',
    );
    const result = await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl });
    const s = step(result, 'inbox');
    expect(s.status, JSON.stringify(s.assertions)).toBe('passed');
    expect(s.captures).toMatchObject({ token: `rp_${'A'.repeat(43)}`, kind: 'Reset', subject: 'Reset your Real Estate OS password', from: 'no-reply@reos.local', message_id: expect.any(String) });
    expect(s.assertions.map((a) => a.label)).toEqual(['a message matching the criteria', 'mail to', 'mail from', 'mail subject', 'mail body', 'capture token from the body', 'capture kind from the subject']);
    expect(s.exchanges[0].request.url).toContain('/api/v2/search?kind=to&query=RESET-USER%40example.com');
  });

  it('waits for a message that arrives after the step started', async () => {
    const yaml = mailScenario('      subject: /^Late arrival \\d+$/\n      within: 10000\n');
    const later = setTimeout(() => void mailer.send({ to: 'late@example.com', subject: 'Late arrival 7', text: 'finally' }), 300);
    const result = await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl });
    clearTimeout(later);
    expect(step(result, 'inbox').status).toBe('passed');
    expect(step(result, 'inbox').details?.polls).toBeGreaterThan(1);
  });

  it('fails when no message matches, showing the closest message’s actual values', async () => {
    const yaml = mailScenario('      to: jane@example.com\n      subject: New 4BR Home in LA\n      within: 300\n');
    const s = step(await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl }), 'inbox');
    expect(s.status).toBe('failed');
    expect(s.assertions[0]).toMatchObject({ label: 'a message matching the criteria', passed: false });
    expect(s.assertions[0].message).toContain('within 300 ms');
    const subject = s.assertions.find((a) => a.label === 'mail subject')!;
    expect(subject).toMatchObject({ expected: 'New 4BR Home in LA', actual: 'New 3BR Home in SF', passed: false, op: 'eq' });
    expect(subject.location?.line).toBeGreaterThan(0);
    expect(s.assertions.find((a) => a.label === 'mail to')).toMatchObject({ passed: true });
  });

  it('fails a capture that finds nothing', async () => {
    const yaml = mailScenario('      to: jane@example.com\n', '    capture:\n      token: { body: "rp_[a-z]+" }\n');
    const s = step(await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl }), 'inbox');
    expect(s.status).toBe('failed');
    expect(s.assertions.at(-1)).toMatchObject({ label: 'capture token from the body', passed: false });
  });

  it('is an error against a URL that is not MailHog’s API, and skipped without a mail URL', async () => {
    const yaml = mailScenario('      to: jane@example.com\n');
    const wrong = step(await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: notMailHog.url }), 'inbox');
    expect(wrong.status).toBe('error');
    expect(wrong.reason).toMatch(/did not answer like MailHog/);
    const none = step(await runYaml(yaml, 'http://127.0.0.1:9'), 'inbox');
    expect(none.status).toBe('skipped');
    expect(none.reason).toMatch(/--mail-url/);
  });

  it('reports a scenario requiring mail as not run, with the reason, when no catcher answers', async () => {
    const yaml = mailScenario('      to: jane@example.com\n', '', 'requires: [mail]\n');
    const skipped = await runYaml(yaml, 'http://127.0.0.1:9', { mailProblem: 'no MailHog API answered at http://127.0.0.1:8025 (ECONNREFUSED)' });
    expect(skipped.status).toBe('skipped');
    expect(skipped.reason).toBe('requires a mail catcher (MailHog API): no MailHog API answered at http://127.0.0.1:8025 (ECONNREFUSED)');
    expect((await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl })).status).toBe('passed');
  });

  it('rejects a mail step without any criterion, or with an unknown field, at load time', async () => {
    const empty = await loadYaml({ 'a.yaml': mailScenario('      within: 100\n') });
    expect(empty.messages.join('\n')).toMatch(/a\.yaml:\d+:\d+/);
    const unknown = await loadYaml({ 'b.yaml': mailScenario('      to: a@example.com\n      cc: b@example.com\n') });
    expect(unknown.messages.join('\n')).toMatch(/cc/);
  });
});

describe('mail check, absent', () => {
  it('passes when nothing matches during the whole window, and re-evaluates offline to the same verdict', async () => {
    const yaml = mailScenario('      to: never-mailed@example.com\n      within: 400\n      absent: true\n');
    const started = performance.now();
    const s = step(await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl }), 'inbox');
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    expect(s.status, JSON.stringify(s.assertions)).toBe('passed');
    expect(s.assertions).toEqual([expect.objectContaining({ label: 'no message matching the criteria', op: 'absent', passed: true })]);
    expect(mailKind.reevaluate!(s, { logs: [] }).assertions).toEqual([expect.objectContaining({ passed: true })]);
  });

  it('fails at once when a matching message is there, naming it; re-evaluation agrees and catches a tampered record', async () => {
    const yaml = mailScenario('      to: jane@example.com\n      subject: /3BR/\n      within: 5000\n      absent: true\n');
    const started = performance.now();
    const s = step(await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl }), 'inbox');
    expect(performance.now() - started).toBeLessThan(4000);
    expect(s.status).toBe('failed');
    expect(s.assertions[0].message).toMatch(/jane@example\.com.*New 3BR Home in SF.*none should/);
    expect(mailKind.reevaluate!(s, { logs: [] }).assertions[0].passed).toBe(false);
    const tampered = { ...s, details: { ...s.details, seen: [] } };
    expect(mailKind.reevaluate!(tampered, { logs: [] }).assertions[0].passed).toBe(true);
  });

  it('re-evaluates a found message, and reports one whose body the pack redacted as not comparable', async () => {
    const yaml = mailScenario('      to: jane@example.com\n      body: /new listing/i\n');
    const s = step(await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl }), 'inbox');
    expect(s.status).toBe('passed');
    expect(mailKind.reevaluate!(s, { logs: [] }).assertions.every((a) => a.passed && !a.redacted)).toBe(true);
    const message = (s.details as { message: { body: string } }).message;
    const redacted = { ...s, details: { ...s.details, message: { ...message, body: '[REDACTED:token:salt:abc]' } } };
    const again = mailKind.reevaluate!(redacted, { logs: [] }).assertions;
    expect(again[0]).toMatchObject({ passed: false, redacted: true });
  });

  it('refuses captures on an absent step', async () => {
    const yaml = mailScenario('      to: a@example.com\n      absent: true\n', '    capture:\n      token: { body: "x" }\n');
    const s = step(await runYaml(yaml, 'http://127.0.0.1:9', { mailUrl: catcher.httpUrl }), 'inbox');
    expect(s.status).toBe('error');
    expect(s.reason).toMatch(/absent mail step has no message to capture/);
  });
});

describe('mail URL for --target', () => {
  it('defaults to the target host on port 8025', () => {
    expect(defaultMailUrl('http://api.example.com:8000/base')).toBe('http://api.example.com:8025');
    expect(defaultMailUrl('https://[::1]:8443')).toBe('http://[::1]:8025');
  });

  it('keeps a catcher that answers MailHog’s API, and says why when none does', async () => {
    expect(await mailCatcherProblem(catcher.httpUrl)).toBeUndefined();
    expect(await mailCatcherProblem(notMailHog.url)).toMatch(/MailHog's shape/);
    expect(await resolveTargetMail(['http://127.0.0.1:8000'], catcher.httpUrl)).toEqual({ mailUrl: catcher.httpUrl });
    const down = await resolveTargetMail(['http://127.0.0.1:8000'], 'http://127.0.0.1:9');
    expect(down.mailUrl).toBeUndefined();
    expect(down.mailProblem).toMatch(/no MailHog API answered at http:\/\/127\.0\.0\.1:9 .*--mail-url/);
  });
});
