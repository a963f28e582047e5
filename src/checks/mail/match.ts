/**
 * What a `mail` step asks of a message, and whether a message meets it: plain text compares
 * (addresses case-insensitively), `/regex/flags` matches. Pure functions, no I/O, so the rule
 * is the same whatever the catcher (the embedded one or a real MailHog).
 */
import type { AssertionResult, SourceLocation } from '../../model.js';

/** A caught message decoded: envelope and header addresses, subject, text (HTML stripped when there is no text part). */
export interface DecodedMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  body: string;
  created?: string;
}

export interface MailCriteria {
  to?: string;
  from?: string;
  /** Exact subject, or `/regex/flags`. */
  subject?: string;
  /** Text the body contains, or `/regex/flags`. */
  body?: string;
}

const REGEX_LITERAL = /^\/(.*)\/([dgimsuvy]*)$/s;

/** `/abc/i` -> RegExp; anything else -> undefined. Throws on an invalid pattern. */
export function regexOf(text: string): RegExp | undefined {
  const match = REGEX_LITERAL.exec(text);
  if (!match) return undefined;
  return new RegExp(match[1], match[2].replace('g', ''));
}

type Field = keyof MailCriteria;

function fieldMatches(field: Field, expected: string, mail: DecodedMail): boolean {
  const regex = regexOf(expected);
  switch (field) {
    case 'to':
      return mail.to.some((address) => (regex ? regex.test(address) : address.toLowerCase() === expected.trim().toLowerCase()));
    case 'from':
      return regex ? regex.test(mail.from) : mail.from.toLowerCase() === expected.trim().toLowerCase();
    case 'subject':
      return regex ? regex.test(mail.subject) : mail.subject === expected;
    case 'body':
      return regex ? regex.test(mail.body) : mail.body.includes(expected);
  }
}

const FIELDS: Field[] = ['to', 'from', 'subject', 'body'];

export function criteriaOf(criteria: MailCriteria): [Field, string][] {
  return FIELDS.flatMap((field) => (criteria[field] === undefined ? [] : [[field, criteria[field]!] as [Field, string]]));
}

export function mailMatches(mail: DecodedMail, criteria: MailCriteria): boolean {
  return criteriaOf(criteria).every(([field, expected]) => fieldMatches(field, expected, mail));
}

/** How much of a long body an assertion records. */
const EXCERPT = 2_000;

function actualOf(field: Field, mail: DecodedMail): unknown {
  if (field === 'to') return mail.to;
  if (field === 'body') return mail.body.length > EXCERPT ? `${mail.body.slice(0, EXCERPT)}…` : mail.body;
  return mail[field];
}

const OPS: Record<Field, (regex: boolean) => string> = {
  to: (r) => (r ? 'matches' : 'contains'),
  from: (r) => (r ? 'matches' : 'eq'),
  subject: (r) => (r ? 'matches' : 'eq'),
  body: (r) => (r ? 'matches' : 'contains'),
};

/** One assertion per criterion, read off `mail` (the match, or the closest candidate when none matched). */
export function criteriaAssertions(criteria: MailCriteria, mail: DecodedMail, locate: (path: (string | number)[]) => SourceLocation): AssertionResult[] {
  return criteriaOf(criteria).map(([field, expected]) => {
    const passed = fieldMatches(field, expected, mail);
    return {
      label: `mail ${field}`,
      op: OPS[field](regexOf(expected) !== undefined),
      expected,
      actual: actualOf(field, mail),
      passed,
      ...(passed ? {} : { message: `the closest message (${mail.id}) has ${field} ${JSON.stringify(actualOf(field, mail)).slice(0, 200)}` }),
      location: locate(['mail', field]),
    };
  });
}
