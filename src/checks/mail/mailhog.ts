/**
 * Reads a catcher through MailHog's HTTP API (`/api/v2/search?kind=to&query=` when the step names
 * a recipient, else `/api/v2/messages`), so it works against the embedded catcher and a real
 * MailHog alike, and decodes each message from its raw source with mailparser (quoted-printable,
 * base64, encoded words), so a scenario matches the text a person would read.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import type { CheckContext, HttpExchange } from '../../model.js';
import { sendRequest } from '../support/http-client.js';
import type { DecodedMail } from './match.js';

interface MailHogPath {
  Mailbox: string;
  Domain: string;
}

interface MailHogItem {
  ID: string;
  From?: MailHogPath | null;
  To?: MailHogPath[] | null;
  Content?: { Headers?: Record<string, string[]>; Body?: string };
  Created?: string;
  Raw?: { From?: string; To?: string[]; Data?: string };
}

export interface MailPage {
  exchange: HttpExchange;
  items?: MailHogItem[];
  /** Why the page could not be read. */
  problem?: string;
}

const PAGE_SIZE = 50;

export function mailboxUrl(base: string, to?: string): string {
  const root = base.replace(/\/+$/, '');
  return to && !to.startsWith('/') ? `${root}/api/v2/search?kind=to&query=${encodeURIComponent(to)}&limit=${PAGE_SIZE}` : `${root}/api/v2/messages?limit=${PAGE_SIZE}`;
}

export async function fetchMailPage(url: string, ctx: Pick<CheckContext, 'signal'>): Promise<MailPage> {
  const exchange = await sendRequest({ url }, { baseUrls: [], signal: ctx.signal });
  if (exchange.error) return { exchange, problem: exchange.error };
  const body = exchange.response?.body as { items?: unknown } | undefined;
  if (exchange.response?.status !== 200 || !body || !Array.isArray(body.items)) {
    return { exchange, problem: `${url} did not answer like MailHog's API (status ${exchange.response?.status}, expected 200 with an items list)` };
  }
  return { exchange, items: body.items as MailHogItem[] };
}

const pathText = (p: MailHogPath) => (p.Domain ? `${p.Mailbox}@${p.Domain}` : p.Mailbox);

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

const stripTags = (html: string) => html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/gi, '').replace(/<[^>]+>/g, ' ');

/** One item decoded; envelope and header recipients both count as `to`. */
export async function decodeItem(item: MailHogItem): Promise<DecodedMail> {
  const raw = item.Raw?.Data ?? '';
  const parsed = raw ? await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }) : undefined;
  const envelopeTo = item.Raw?.To ?? (item.To ?? []).map(pathText);
  const to = [...new Set([...envelopeTo, ...addresses(parsed?.to), ...addresses(parsed?.cc)].map((a) => a.toLowerCase()))];
  const from = addresses(parsed?.from)[0] ?? item.Raw?.From ?? (item.From ? pathText(item.From) : '');
  const subject = parsed?.subject ?? item.Content?.Headers?.Subject?.[0] ?? '';
  const body = parsed?.text ?? (typeof parsed?.html === 'string' ? stripTags(parsed.html) : (item.Content?.Body ?? ''));
  return { id: item.ID, from, to, subject, body, created: item.Created };
}
