/**
 * MailHog's view of a message's content: headers as name -> values, the raw body, and for
 * multipart mail the tree of parts (`MIME.Parts`), each again headers + body. Scripts that pull
 * a link out of `MIME.Parts[0].Body` rely on that tree, so it is rebuilt the way MailHog does:
 * from the wire text, without decoding transfer encodings.
 */

export interface MailHogContent {
  Headers: Record<string, string[]>;
  Body: string;
  Size: number;
  MIME: MailHogMime | null;
}

export interface MailHogMime {
  Parts: MailHogContent[];
}

/**
 * Parses wire text (a whole message or one MIME part) into MailHog's content shape.
 *
 * @example
 * parseContent('Subject: Hi\r\n\r\nHello').Headers.Subject; // ['Hi']
 */
export function parseContent(raw: string): MailHogContent {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = parseHeaders(head);
  const boundary = multipartBoundary(headers);
  return { Headers: headers, Body: body, Size: Buffer.byteLength(raw), MIME: boundary ? { Parts: splitParts(body, boundary).map(parseContent) } : null };
}

function parseHeaders(head: string): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  // A line that starts with white space continues the header above it (RFC 5322 folding).
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    (headers[line.slice(0, colon).trim()] ??= []).push(line.slice(colon + 1).trim());
  }
  return headers;
}

function multipartBoundary(headers: Record<string, string[]>): string | undefined {
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1][0] ?? '';
  if (!/^multipart\//i.test(type)) return undefined;
  return /boundary="?([^";]+)"?/i.exec(type)?.[1]?.trim();
}

/** The parts between `--boundary` lines; the preamble before the first and the epilogue after `--boundary--` are dropped. */
function splitParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(current.join('\r\n'));
      if (trimmed !== delimiter) break;
      current = [];
    } else {
      current?.push(line);
    }
  }
  return parts;
}
