/** MailHog's content shape from wire text: folded headers, repeated headers, multipart trees. */
import { describe, expect, it } from 'vitest';
import { parseContent } from './mailhog-content.js';

describe('parseContent', () => {
  it('unfolds headers, keeps repeats in order and the body as is', () => {
    const content = parseContent('Subject: a long\r\n  folded subject\r\nReceived: one\r\nReceived: two\r\n\r\nHello\r\n');
    expect(content.Headers).toEqual({ Subject: ['a long folded subject'], Received: ['one', 'two'] });
    expect(content.Body).toBe('Hello\r\n');
    expect(content.MIME).toBeNull();
  });

  it('builds the part tree of nested multipart mail', () => {
    const raw = [
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'preamble',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain',
      '',
      'plain text',
      '--inner',
      'Content-Type: text/html',
      '',
      '<p>html</p>',
      '--inner--',
      '--outer',
      'Content-Type: text/csv',
      '',
      'a,b',
      '--outer--',
      'epilogue',
    ].join('\r\n');
    const content = parseContent(raw);
    expect(content.MIME?.Parts).toHaveLength(2);
    const [alternative, csv] = content.MIME!.Parts;
    expect(alternative.MIME?.Parts.map((part) => [part.Headers['Content-Type'][0], part.Body])).toEqual([
      ['text/plain', 'plain text'],
      ['text/html', '<p>html</p>'],
    ]);
    expect(csv.Body).toBe('a,b');
  });
});
