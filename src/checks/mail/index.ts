/**
 * `mail`: a message reached the mail catcher within a time. Polls the catcher's MailHog API
 * (the embedded stack's catcher, `--mail-url`, or the step's `url`) until a message matches
 * every criterion (to, from, subject as text or /regex/, body contains or /regex/), then
 * captures values by regex from its body or subject (e.g. a reset token). The newest match
 * wins. When none matches, the assertions show the closest message's actual values.
 * With `absent: true` the step proves the opposite: it watches the catcher for the whole
 * `within` and fails at the first message that matches (a blocked recipient never mailed).
 * `reevaluate` recomputes the verdict offline from the decoded messages the step recorded.
 *
 * @example
 * - id: inbox
 *   mail:
 *     to: "${{ run.email }}"
 *     subject: Reset your Real Estate OS password
 *     body: /rp_[A-Za-z0-9_-]+/
 *     within: 10000
 *   capture:
 *     token: { body: "(rp_[A-Za-z0-9_-]+)" }
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AssertionResult, CheckContext, CheckKind, HttpExchange } from '../../model.js';
import { errored, outcome, skipped } from '../support/outcome.js';
import { decodeItem, fetchMailPage, mailboxUrl } from './mailhog.js';
import { criteriaAssertions, criteriaOf, mailMatches, regexOf, type DecodedMail, type MailCriteria } from './match.js';
import { expectationsOf, holdsRedaction, stepLocator } from '../support/reevaluate.js';

type MailCapture = { body: string; subject?: never } | { subject: string; body?: never };

export type MailSpec = {
  mail: MailCriteria & { within?: number; url?: string; absent?: boolean };
  capture?: Record<string, MailCapture>;
};

const DEFAULT_WITHIN_MS = 5_000;
const POLL_MS = 200;
const IMPLICIT = ['message_id', 'subject', 'from'];

const pattern = { type: 'string', minLength: 1 };

function captureValues(spec: MailSpec['capture'], mail: DecodedMail, ctx: CheckContext): { captures: Record<string, unknown>; assertions: AssertionResult[] } {
  const captures: Record<string, unknown> = {};
  const assertions: AssertionResult[] = [];
  for (const [name, rule] of Object.entries(spec ?? {})) {
    const field = rule.body !== undefined ? 'body' : 'subject';
    const source = rule.body ?? rule.subject ?? '';
    const found = new RegExp(regexOf(source)?.source ?? source, regexOf(source)?.flags).exec(mail[field]);
    const value = found ? (found[1] ?? found[0]) : undefined;
    if (value !== undefined) captures[name] = value;
    assertions.push({
      label: `capture ${name} from the ${field}`,
      op: 'matches',
      expected: source,
      actual: value,
      passed: value !== undefined,
      ...(value === undefined ? { message: `the ${field} of message ${mail.id} has nothing matching ${source}` } : {}),
      location: ctx.locate(['capture', name]),
    });
  }
  return { captures, assertions };
}

/** Decodes items once per id across polls. */
function decoder() {
  const cache = new Map<string, Promise<DecodedMail>>();
  return (item: Parameters<typeof decodeItem>[0]) => {
    let decoded = cache.get(item.ID);
    if (!decoded) cache.set(item.ID, (decoded = decodeItem(item)));
    return decoded;
  };
}

export const mailKind: CheckKind<MailSpec> = {
  kind: 'mail',
  description: 'a message in the mail catcher (MailHog API) to / from / with a subject or body, within a time; captures by regex',
  schema: {
    properties: {
      mail: {
        type: 'object',
        description: '{to, from, subject, body, within, url}: what the message must carry',
        properties: {
          to: { type: 'string', minLength: 1, description: 'a recipient address (case-insensitive), or /regex/' },
          from: { type: 'string', minLength: 1, description: 'the sender address (case-insensitive), or /regex/' },
          subject: { type: 'string', description: 'the exact subject, or /regex/flags' },
          body: { type: 'string', minLength: 1, description: 'text the decoded body contains, or /regex/flags' },
          within: { type: 'integer', minimum: 0, description: `ms to wait for the message (${DEFAULT_WITHIN_MS} by default)` },
          url: { type: 'string', pattern: '^https?://', description: 'base URL of the MailHog API (default: the embedded catcher or --mail-url)' },
          absent: { type: 'boolean', description: 'true: no message may match during the whole `within` (a recipient that must never be mailed); no captures' },
        },
        anyOf: [{ required: ['to'] }, { required: ['from'] }, { required: ['subject'] }, { required: ['body'] }],
        additionalProperties: false,
      },
      capture: {
        type: 'object',
        description: 'capture name -> {body: regex} or {subject: regex}; the first group, or the whole match',
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'a name of letters, digits and _' },
        additionalProperties: {
          type: 'object',
          properties: { body: pattern, subject: pattern },
          oneOf: [{ required: ['body'] }, { required: ['subject'] }],
          additionalProperties: false,
        },
      },
    },
    required: ['mail'],
  },
  captures: (spec) => [...IMPLICIT, ...Object.keys(spec.capture ?? {})],
  async run(spec, ctx) {
    const { within = DEFAULT_WITHIN_MS, url, absent, ...criteria } = ctx.interpolate(spec.mail);
    const capture = ctx.interpolate(spec.capture);
    const base = url ?? ctx.mailUrl;
    if (!base) return skipped('no mail catcher is known for this target: pass --mail-url (the MailHog API base URL) or set mail.url');
    for (const [field, value] of criteriaOf(criteria)) {
      try {
        regexOf(value);
      } catch (error) {
        return errored(`mail.${field} is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    if (absent && capture && Object.keys(capture).length > 0) return errored('an absent mail step has no message to capture from: drop `capture` or `absent`');
    if (absent) return watchAbsent(criteria, { base, within }, ctx);
    const pageUrl = mailboxUrl(base, criteria.to);
    const decode = decoder();
    const deadline = performance.now() + within;
    let polls = 0;
    let last: { exchange: HttpExchange; candidates: DecodedMail[] } | undefined;
    let match: DecodedMail | undefined;
    for (;;) {
      polls++;
      const page = await fetchMailPage(pageUrl, ctx);
      if (page.problem) return errored(`the mail catcher could not be read: ${page.problem}`, { exchanges: [page.exchange] });
      const candidates = await Promise.all(page.items!.map(decode));
      last = { exchange: page.exchange, candidates };
      match = candidates.find((mail) => mailMatches(mail, criteria));
      if (match || performance.now() >= deadline || ctx.signal.aborted) break;
      await sleep(POLL_MS, undefined, { signal: ctx.signal }).catch(() => undefined);
    }
    const closest = match ?? last.candidates[0];
    const found: AssertionResult = {
      label: 'a message matching the criteria',
      op: 'exists',
      expected: criteria,
      actual: match ? match.id : `${last.candidates.length} message(s) looked at, none matching`,
      passed: match !== undefined,
      ...(match ? {} : { message: `no message matching ${JSON.stringify(criteria)} reached ${base} within ${within} ms` }),
      location: ctx.locate(['mail']),
    };
    const assertions = [found, ...(closest ? criteriaAssertions(criteria, closest, ctx.locate) : [])];
    const details = { polls, mailUrl: base, messagesSeen: last.candidates.length, ...(closest ? { message: closest } : {}) };
    const expectations = { criteria, absent: false };
    if (!match) return outcome({ assertions, exchanges: [last.exchange], details, expectations });
    const captured = captureValues(capture, match, ctx);
    return outcome({
      assertions: [...assertions, ...captured.assertions],
      captures: { message_id: match.id, subject: match.subject, from: match.from, ...captured.captures },
      exchanges: [last.exchange],
      details,
      expectations,
    });
  },
  reevaluate(step) {
    const stored = expectationsOf<{ criteria: MailCriteria; absent: boolean }>(step);
    if (!stored) return { assertions: [], notReevaluated: [{ label: '*', why: 'the pack stores no expectations for this step' }] };
    const locate = stepLocator(step);
    const details = (step.details ?? {}) as { message?: DecodedMail; seen?: DecodedMail[] };
    // A message the pack redacted (a reset token in its body) cannot prove a match either way.
    const redacted = holdsRedaction(stored.absent ? details.seen : details.message) ? { redacted: true as const } : {};
    if (stored.absent) return { assertions: [{ ...absentAssertion(stored.criteria, details.seen ?? [], locate), ...redacted }] };
    const match = details.message && mailMatches(details.message, stored.criteria) ? details.message : undefined;
    const found = { label: 'a message matching the criteria', op: 'exists', expected: stored.criteria, actual: match?.id, passed: match !== undefined, location: locate(['mail']), compareActual: false as const, ...redacted };
    const criteria = details.message ? criteriaAssertions(stored.criteria, details.message, locate).map((x) => ({ ...x, ...redacted })) : [];
    return { assertions: [found, ...criteria], notReevaluated: Object.keys(step.captures ?? {}).length ? [{ label: 'capture *', why: 'captures are read from the message body, which the step records only for the closest message' }] : undefined };
  },
};

/** What an `absent` step records of each message it saw: enough to recompute the match offline. */
const seenOf = (mail: DecodedMail): DecodedMail => ({ id: mail.id, from: mail.from, to: mail.to, subject: mail.subject, body: mail.body.slice(0, 2_000) });

function absentAssertion(criteria: MailCriteria, seen: DecodedMail[], locate: (path: (string | number)[]) => AssertionResult['location']): AssertionResult {
  const match = seen.find((mail) => mailMatches(mail, criteria));
  return {
    label: 'no message matching the criteria',
    op: 'absent',
    expected: criteria,
    actual: match ? match.id : `${seen.length} message(s) looked at, none matching`,
    passed: match === undefined,
    ...(match ? { message: `message ${match.id} (to ${match.to.join(', ')}, subject ${JSON.stringify(match.subject)}) matches, and none should` } : {}),
    location: locate(['mail', 'absent']),
  };
}

/** Polls for the whole window; the first match fails the step at once. */
async function watchAbsent(criteria: MailCriteria, where: { base: string; within: number }, ctx: CheckContext) {
  const pageUrl = mailboxUrl(where.base, criteria.to);
  const decode = decoder();
  const deadline = performance.now() + where.within;
  let polls = 0;
  let exchange: HttpExchange | undefined;
  let seen: DecodedMail[] = [];
  for (;;) {
    polls++;
    const page = await fetchMailPage(pageUrl, ctx);
    if (page.problem) return errored(`the mail catcher could not be read: ${page.problem}`, { exchanges: [page.exchange] });
    exchange = page.exchange;
    seen = await Promise.all(page.items!.map(decode));
    if (seen.some((mail) => mailMatches(mail, criteria)) || performance.now() >= deadline || ctx.signal.aborted) break;
    await sleep(POLL_MS, undefined, { signal: ctx.signal }).catch(() => undefined);
  }
  const recorded = seen.map(seenOf);
  return outcome({
    assertions: [absentAssertion(criteria, recorded, ctx.locate)],
    exchanges: [exchange],
    details: { polls, mailUrl: where.base, messagesSeen: seen.length, seen: recorded },
    expectations: { criteria, absent: true },
  });
}
