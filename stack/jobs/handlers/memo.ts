/**
 * `property.memo`: a one-page PDF memo of a property (address, price, beds / baths, size,
 * stage, owner, description, team, generation time) drawn with pdf-lib, stored under the job's
 * key and served by `GET /jobs/{id}/result`. Text the standard font cannot encode is replaced,
 * so no property description can make the job fail.
 */
import { PDFDocument, rgb, StandardFonts, type PDFFont } from 'pdf-lib';
import type { JobFile, JobHandler } from '../registry.js';
import { loadJobProperty } from './property.js';

export const MEMO_JOB = 'property.memo';

const PAGE = { width: 612, height: 792, margin: 56 };

/** Keeps what WinAnsi (the standard fonts' encoding) can draw; anything else becomes '?'. */
function drawable(font: PDFFont, text: string): string {
  const charset = new Set(font.getCharacterSet());
  return [...text.replace(/[\r\n\t]+/g, ' ')].map((ch) => (charset.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const money = (n: number | null) => (n === null ? 'not listed' : `$${n.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`);

export interface MemoInput {
  property: {
    id: string;
    address: string;
    city: string;
    state: string;
    zip: string;
    price: number | null;
    bedrooms: number | null;
    bathrooms: number | null;
    sqft: number | null;
    propertyType: string | null;
    ownerName: string | null;
    description: string | null;
    stage: string;
  };
  teamName: string;
  generatedAt: Date;
}

export async function buildMemoPdf({ property: p, teamName, generatedAt }: MemoInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Property memo: ${p.address}`);
  doc.setAuthor(teamName);
  doc.setCreator('reos');
  doc.setCreationDate(generatedAt);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const width = PAGE.width - 2 * PAGE.margin;
  let y = PAGE.height - PAGE.margin;
  /** Writes wrapped text; with `maxLines`, a longer text is cut and ends with an ellipsis. */
  const write = (text: string, options: { font?: PDFFont; size?: number; gap?: number; maxLines?: number } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 11;
    let lines = wrap(font, drawable(font, text), size, width);
    if (options.maxLines !== undefined && lines.length > options.maxLines) {
      lines = lines.slice(0, Math.max(0, options.maxLines));
      if (lines.length) lines[lines.length - 1] = `${lines[lines.length - 1].replace(/\s+\S*$/, '')}...`;
    }
    for (const line of lines) {
      page.drawText(line, { x: PAGE.margin, y, size, font, color: rgb(0.1, 0.1, 0.12) });
      y -= size + 5;
    }
    y -= options.gap ?? 0;
  };
  // The footer (team, id, generation time) always fits: the description gives way.
  const FOOTER_HEIGHT = 3 * (9 + 5) + 8;
  write('Property memo', { font: bold, size: 20, gap: 6 });
  write(`${p.address}, ${p.city}, ${p.state} ${p.zip}`, { font: bold, size: 14, gap: 10 });
  const facts: [string, string][] = [
    ['Price', money(p.price)],
    ['Bedrooms', p.bedrooms === null ? 'n/a' : String(p.bedrooms)],
    ['Bathrooms', p.bathrooms === null ? 'n/a' : String(p.bathrooms)],
    ['Square feet', p.sqft === null ? 'n/a' : p.sqft.toLocaleString('en-US')],
    ['Price per sq ft', p.price !== null && p.sqft ? money(Math.round((p.price / p.sqft) * 100) / 100) : 'n/a'],
    ['Type', p.propertyType ?? 'n/a'],
    ['Status', p.stage],
    ['Owner', p.ownerName ?? 'n/a'],
  ];
  for (const [label, value] of facts) write(`${label}: ${value}`);
  y -= 8;
  if (p.description) {
    write('Description', { font: bold, size: 12 });
    write(p.description, { gap: 8, maxLines: Math.floor((y - PAGE.margin - FOOTER_HEIGHT) / (11 + 5)) });
  }
  write(`Team: ${teamName}`, { size: 9 });
  write(`Property id: ${p.id}`, { size: 9 });
  write(`Generated at: ${generatedAt.toISOString()}`, { size: 9 });
  return { bytes: await doc.save(), pages: doc.getPageCount() };
}

export const memoHandler: JobHandler = async ({ job, db, storage }) => {
  const { property, teamName } = await loadJobProperty(db, job);
  const { bytes, pages } = await buildMemoPdf({ property, teamName, generatedAt: new Date() });
  const key = `teams/${job.teamId}/jobs/${job.id}/memo.pdf`;
  await storage.put(key, bytes, { contentType: 'application/pdf' });
  const file: JobFile = { key, content_type: 'application/pdf', size: bytes.byteLength, filename: `memo-${property.id}.pdf` };
  return { property_id: property.id, pages, file };
};
